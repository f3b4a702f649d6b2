import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/nodes/topology.js';
import { projectRoot } from '../../src/paths.js';
import { expectExit, lab } from '../support/cli.js';
import { useRunningLab } from '../support/running-lab.js';

/**
 * A student follows seed 002 (test/fixtures/seeds/002-registry-tls.md, the workshop's text) on the
 * real nodes: every command is typed exactly as the seed prints it, with the lab's IPs in place of
 * 192.168.99.x, and `lab check tls-selfsigned` (no stage: the one the student is on) must say each
 * stage is done, in order. Where the seed is wrong, the student reads the real error and types the
 * correction. No `lab solve`, no scenario step: only the seed's text.
 */
const topology = loadTopology();
const seed = readFileSync(join(projectRoot, 'test/fixtures/seeds/002-registry-tls.md'), 'utf8')
  .replaceAll('192.168.99.101', topology.nodes[1]!.ip)
  .replaceAll('192.168.99.100', topology.nodes[0]!.ip);

interface SeedCommand {
  node: string;
  command: string;
}

function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  const re = /^```[^\n]*\n([\s\S]*?)^```/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) blocks.push(m[1]!);
  return blocks;
}

/** Every `vagrant@NODE:~$ …` line of the seed's code blocks, with its `\` continuation lines. */
function promptCommands(text: string): SeedCommand[] {
  const out: SeedCommand[] = [];
  for (const block of fencedBlocks(text)) {
    const lines = block.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^vagrant@([a-z0-9-]+):~\$ (.*)$/.exec(lines[i]!);
      if (!m) continue;
      let command = m[2]!;
      while (command.endsWith('\\') && i + 1 < lines.length) command += `\n${lines[++i]}`;
      out.push({ node: m[1]!, command });
    }
  }
  return out;
}

const blockWith = (needle: string) => {
  const b = fencedBlocks(seed).find((x) => x.includes(needle));
  if (!b) throw new Error(`no block with ${needle} in the seed`);
  return b;
};

describe('a student types seed 002 and lab check follows them', () => {
  const running = useRunningLab();
  const commands = promptCommands(seed);
  const typed = new Set<number>();

  /** The next seed command, checked against the seed's text, run on its node as the student. */
  async function type(expected: string, options: { fails?: RegExp; retryUntil?: RegExp } = {}) {
    const i = commands.findIndex((c, n) => !typed.has(n) && c.command.startsWith(expected));
    expect(i, `the seed has "${expected}" still to type`).toBeGreaterThan(-1);
    typed.add(i);
    return run(commands[i]!.node, commands[i]!.command, options);
  }

  /** A command the seed does not print: a correction the student types after reading an error. */
  async function run(node: string, command: string, options: { fails?: RegExp; retryUntil?: RegExp } = {}) {
    for (let attempt = 1; ; attempt++) {
      const r = await running.nodes.exec(node, command);
      const out = r.stdout + r.stderr;
      if (options.fails) {
        expect(r.code, `${node}$ ${command}\n${out}`).not.toBe(0);
        expect(out).toMatch(options.fails);
        return out;
      }
      if (r.code === 0 && (!options.retryUntil || options.retryUntil.test(out))) return out;
      if (attempt >= 15) throw new Error(`${node}$ ${command} → exit ${r.code}\n${out}`);
      await new Promise((ok) => setTimeout(ok, 1000)); // the student tries again a moment later
    }
  }

  async function stageDone(stage: string) {
    const r = await lab(['check', 'tls-selfsigned']);
    expectExit(r, 0);
    expect(r.stdout).toContain(`stage "${stage}" is done`);
  }

  it('from the baseline, with nothing done yet, lab check says the first stage is not done', async () => {
    expectExit(await lab(['reset']), 0);
    const r = await lab(['check', 'tls-selfsigned']);
    expectExit(r, 1);
    expect(r.stderr).toContain('stage "http-registry" is not done yet');
    expect(commands.length).toBe(22); // the seed's vagrant@node1/node2 prompt lines
  }, 120_000);

  it('Registry sans TLS: the push is refused over HTTP', async () => {
    const hosts = await running.nodes.exec('node1', 'getent hosts registry.mydom.com'); // the seed's /etc/hosts entry, made by lab up
    expect(hosts.stdout).toContain(blockWith('registry.mydom.com').trim().split(/\s+/)[0]);
    await type('docker run -d -p 5000:5000');
    await run('node2', 'curl -sf http://localhost:5000/v2/'); // the student waits for it (not a seed line)
    await type('docker tag nginx:1.14 registry.mydom.com:5000/nginx:1.14');
    expect(await type('docker image ls')).toContain('registry.mydom.com:5000/nginx');
    await type('docker image push registry.mydom.com:5000/nginx:1.14', { fails: /server gave HTTP response to HTTPS client/ });
    await stageDone('http-registry');
  }, 120_000);

  it('insecure-registries: the push goes through', async () => {
    const daemonJson = blockWith('insecure-registries');
    await run('node1', `sudo tee /etc/docker/daemon.json >/dev/null <<'EOF'\n${daemonJson}EOF`);
    const restart = blockWith('sudo systemctl restart docker').trim().replace(/^\$ /, '');
    await run('node1', restart);
    await type('docker image push registry.mydom.com:5000/nginx:1.14', { retryUntil: /digest: sha256:/ });
    await stageDone('insecure-registries');
  }, 120_000);

  it('Cleanup', async () => {
    await type('sudo rm /etc/docker/daemon.json');
    await type('sudo systemctl restart docker');
    await type('docker rm -f registry');
    await stageDone('cleanup');
  }, 120_000);

  it('Création du certificat: registry.cnf and openssl req as written', async () => {
    await run('node2', `cat > registry.cnf <<'EOF'\n${blockWith('[ req ]')}EOF`);
    await type('mkdir certs');
    await type('openssl req -x509 -newkey rsa:4096');
    await stageDone('self-signed-cert');
  }, 120_000);

  it('Registry avec TLS: x509, unknown authority', async () => {
    await type('docker run -d \\\n  --restart=always');
    await run('node2', 'curl -sfk https://localhost:5000/v2/');
    await type('docker image push registry.mydom.com:5000/nginx:1.14', { fails: /x509: certificate signed by unknown authority/ });
    await stageDone('tls-registry');
  }, 120_000);

  it('the certificate through /vagrant: the seed fails twice, the student corrects both lines', async () => {
    await type('cp certs/domain.crt /vagrant/');
    await type('sudo mkdir /etc/docker/certs.d/registry.mydom.com:5000', { fails: /cannot create directory .*: No such file or directory/ });
    await run('node1', 'sudo mkdir -p /etc/docker/certs.d/registry.mydom.com:5000');
    await type('sudo cp certs/domain.crt', { fails: /cannot stat 'certs\/domain\.crt'/ });
    await run('node1', 'sudo cp /vagrant/domain.crt /etc/docker/certs.d/registry.mydom.com:5000/ca.crt');
    await type('docker image push registry.mydom.com:5000/nginx:1.14', { retryUntil: /digest: sha256:/ });
    await stageDone('trust-cert');
  }, 120_000);

  it("Changement du port d'écoute: mv fails from the home folder, works in certs.d", async () => {
    await type('docker rm -f registry');
    await type('docker run -d \\\n  --restart=always');
    await run('node2', 'curl -sfk https://localhost/v2/');
    await type('sudo mv registry.mydom.com\\:5000/ registry.mydom.com', { fails: /cannot stat 'registry\.mydom\.com:5000\/'/ });
    await run('node1', 'cd /etc/docker/certs.d && sudo mv registry.mydom.com\\:5000/ registry.mydom.com');
    await type('docker tag nginx:1.14 registry.mydom.com/nginx:1.14');
    await type('docker image push registry.mydom.com/nginx:1.14', { retryUntil: /digest: sha256:/ });
    await stageDone('port-443');
  }, 120_000);

  it('every seed command was typed, except the pull from the Docker Hub (the nodes are offline)', () => {
    const left = commands.filter((_, i) => !typed.has(i)).map((c) => c.command);
    expect(left).toEqual(['docker image pull nginx:1.14']);
  });
});
