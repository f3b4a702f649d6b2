import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetNodes } from '../../src/nodes/baseline.js';
import { writeState } from '../../src/nodes/lab/store.js';
import type { ExecOptions, ExecResult, Nodes } from '../../src/engine/nodes.js';
import { EnvironmentError, UnreachableError } from '../../src/errors.js';
import { hostKeysFrom } from '../../src/nodes/host-keys.js';
import type { WorkshopImage } from '../../src/nodes/images.js';
import { askNode, askWhenReachable, bootSignals, whileBooting } from '../../src/nodes/node-facts.js';
import { runNodeScript, SCRIPT_END } from '../../src/nodes/node-script.js';
import { openLab } from '../../src/nodes/lab/record.js';

/**
 * What `lab up` asks a node once its SSH answers, on outputs captured from the lab's nodes
 * (docker provider, Debian bookworm, Docker 20.10.24) on 2026-11-26 with askNode's own command:
 * - node-facts-real.txt: node2 right after `lab up` (the node image carries both workshop images);
 * - node-facts-image-missing-real.txt: node1 after `docker rmi nginx:1.14` on it.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');
// The ids of the stand-ins as the host had them when the outputs were captured.
const images: WorkshopImage[] = [
  { ref: 'registry:2', id: 'sha256:e75e8680d2fc6f45f9db625f4bf03524d3ad636d7062c083ca175103221d8796' },
  { ref: 'nginx:1.14', id: 'sha256:624a13e37eddd5be81be1dde027cfa15de46c7f582672e183df7df53a6ca3043' },
];

/** Answers every command with `answer(node, attempt)`; records what it was asked. */
function fakeNodes(answer: (node: string, attempt: number, command: string) => ExecResult): Nodes & { asked: string[] } {
  const attempts = new Map<string, number>();
  const asked: string[] = [];
  return {
    asked,
    async exec(node: string, command: string, _o?: ExecOptions) {
      asked.push(`${node}: ${command.split('\n')[0]}`);
      const n = (attempts.get(node) ?? 0) + 1;
      attempts.set(node, n);
      return answer(node, n, command);
    },
  };
}
const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });
const refused = (node: string) => new UnreachableError(`cannot reach ${node} over SSH (127.0.0.1:2300): connect ECONNREFUSED 127.0.0.1:2300`);

describe('askNode: Docker ready, host keys and workshop images in one exec', () => {
  it('a node from the node image lacks no workshop image; its three host keys become known_hosts lines', async () => {
    const facts = await askNode(fakeNodes(() => ok(fixture('node-facts-real.txt'))), 'node2', images);
    expect(facts.missing).toEqual([]);
    const keys = hostKeysFrom([{ host: 'node2', hostName: '127.0.0.1', port: 2301, user: 'vagrant', identityFile: '' }], { node2: facts.hostKeys });
    expect(keys.knownHosts.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['[127.0.0.1]:2301 ecdsa-sha2-nistp256', '[127.0.0.1]:2301 ssh-ed25519', '[127.0.0.1]:2301 ssh-rsa']);
    expect(keys.blobs.node2).toHaveLength(3);
  });

  it('an image removed from the node is named as missing, the other is not', async () => {
    const facts = await askNode(fakeNodes(() => ok(fixture('node-facts-image-missing-real.txt'))), 'node1', images);
    expect(facts.missing.map((i) => i.ref)).toEqual(['nginx:1.14']);
  });

  it('Docker that never answered is an environment error naming the node', async () => {
    const nodes = fakeNodes(() => ({ stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', code: 3 }));
    await expect(askNode(nodes, 'node1', images)).rejects.toThrow(/Docker is not ready on node1: Cannot connect to the Docker daemon/);
  });

  it('no host key printed is refused, not recorded as an empty list', () => {
    expect(() => hostKeysFrom([{ host: 'node1', hostName: '127.0.0.1', port: 2300, user: 'vagrant', identityFile: '' }], { node1: 'cat: /etc/ssh/ssh_host_*_key.pub: No such file or directory' })).toThrow(EnvironmentError);
  });
});

/** Vagrant has said every node booted. */
const saidBooted = () => Promise.resolve();

describe('askWhenReachable: the questions asked while Vagrant finishes', () => {
  it('retries a node whose SSH is not up yet, and answers once it is', async () => {
    const nodes = fakeNodes((node, attempt) => {
      if (node === 'node1' && attempt < 3) throw refused(node);
      return ok(fixture('node-facts-real.txt'));
    });
    const booting = new Promise<void>(() => undefined); // Vagrant still running
    const facts = await askWhenReachable(nodes, ['node1', 'node2'], images, booting, saidBooted);
    expect(facts.map((f) => f.node)).toEqual(['node1', 'node2']);
    expect(nodes.asked.filter((a) => a.startsWith('node1')).length).toBe(3);
    expect(nodes.asked.filter((a) => a.startsWith('node2')).length).toBe(1);
  });

  it('stops trying when the boot fails, with the connection error', async () => {
    const nodes = fakeNodes((node) => {
      throw refused(node);
    });
    const booting = new Promise<void>((_, reject) => setTimeout(() => reject(new Error('vagrant up failed')), 600));
    booting.catch(() => undefined);
    const started = Date.now();
    await expect(askWhenReachable(nodes, ['node1'], images, booting, saidBooted)).rejects.toThrow(EnvironmentError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('an error that is not a refused connection is not retried', async () => {
    const nodes = fakeNodes(() => ({ stdout: '', stderr: 'Cannot connect to the Docker daemon', code: 3 }));
    await expect(askWhenReachable(nodes, ['node1'], images, new Promise(() => undefined), saidBooted)).rejects.toThrow(/Docker is not ready on node1/);
    expect(nodes.asked).toHaveLength(1);
  });

  it('a node is not asked before Vagrant says it booted (its SSH check), then at once', async () => {
    const nodes = fakeNodes(() => ok(fixture('node-facts-real.txt')));
    const vagrant = bootSignals(['node1', 'node2']);
    const asking = askWhenReachable(nodes, ['node1', 'node2'], images, new Promise(() => undefined), vagrant.booted);
    await new Promise((res) => setTimeout(res, 300));
    expect(nodes.asked).toEqual([]);
    vagrant.tell('node2');
    await new Promise((res) => setTimeout(res, 50));
    expect(nodes.asked.map((a) => a.split(':')[0])).toEqual(['node2']);
    vagrant.tell('node1');
    expect((await asking).map((f) => f.node)).toEqual(['node1', 'node2']);
  });

  it('a boot that ended without Vagrant saying so still gets its nodes asked', async () => {
    const nodes = fakeNodes(() => ok(fixture('node-facts-real.txt')));
    const facts = await askWhenReachable(nodes, ['node1', 'node2'], images, Promise.resolve(), bootSignals(['node1', 'node2']).booted);
    expect(facts.map((f) => f.node)).toEqual(['node1', 'node2']);
  });

  it('a boot that fails before Vagrant said a node booted never asks it', async () => {
    const nodes = fakeNodes(() => ok(fixture('node-facts-real.txt')));
    const failed = Promise.reject(new Error('vagrant up failed'));
    failed.catch(() => undefined);
    await expect(askWhenReachable(nodes, ['node1'], images, failed, bootSignals(['node1']).booted)).rejects.toThrow(/the boot failed before it answered/);
    expect(nodes.asked).toEqual([]);
  });

  it('whileBooting leaves the baseline to after the boot when a node must load an image first', async () => {
    const nodes = fakeNodes((node) => ok(fixture(node === 'node1' ? 'node-facts-image-missing-real.txt' : 'node-facts-real.txt')));
    const r = await whileBooting(openLab('unit-never-up'), nodes, ['node1', 'node2'], images, new Promise(() => undefined), saidBooted);
    expect(r.baselined).toBe(false);
    expect(nodes.asked.some((a) => a.includes('sudo'))).toBe(false);
  });
});

describe('runNodeScript: several scripts in one exec', () => {
  it("an `exit` ends only its own script; the outputs come apart on SCRIPT_END", async () => {
    const local: Nodes = {
      async exec(_node, command, o) {
        const r = await execa('bash', ['-c', command], { input: o?.stdin, reject: false });
        return { stdout: String(r.stdout).trim(), stderr: String(r.stderr), code: r.exitCode ?? null };
      },
    };
    const r = await runNodeScript(local, 'node1', ['test/fixtures/scripts/exits-early.sh', 'test/fixtures/scripts/prints.sh'], { sudo: false });
    expect(r.code).toBe(0);
    expect(r.stdout.split(SCRIPT_END).map((p) => p.trim())).toEqual(['first', 'second', '']);
  });

  it('a script that fails stops the ones after it', async () => {
    const local: Nodes = {
      async exec(_node, command, o) {
        const r = await execa('bash', ['-c', command], { input: o?.stdin?.replace('exit 0', 'exit 4'), reject: false });
        return { stdout: String(r.stdout).trim(), stderr: String(r.stderr), code: r.exitCode ?? null };
      },
    };
    const r = await runNodeScript(local, 'node1', ['test/fixtures/scripts/exits-early.sh', 'test/fixtures/scripts/prints.sh'], { sudo: false });
    expect(r.code).toBe(4);
    expect(r.stdout).not.toContain('second');
  });
});

describe('resetNodes: each node reset and proved in one exec', () => {
  // fingerprint-node1-*-real.txt: src/nodes/sh/fingerprint.sh on node1 at its baseline, and after
  // `lab run tls-selfsigned --no-reset` (certs.d filled, tags pushed), captured again on 2026-11-26
  // with the line on the configuration dockerd started with, and Docker asked through its API.
  const atBaseline = fixture('fingerprint-node1-baseline-real.txt').trim();
  const afterRun = fixture('fingerprint-node1-after-run-real.txt').trim();
  const resetAnswer = (print: string) => (node: string): ExecResult => ok(`reset ${node}: daemon restarted=${node === 'node1' ? 1 : 0}\n${SCRIPT_END}\n${print}\n${SCRIPT_END}`);

  async function labWithBaseline() {
    vi.stubEnv('LAB_STATE', mkdtempSync(join(tmpdir(), 'lab-unit-reset-')));
    const l = openLab('unit-reset');
    writeState(l.files.baseline, { node1: atBaseline, node2: atBaseline });
    return l;
  }
  afterEach(() => vi.unstubAllEnvs());

  it('a reset that reached the baseline says which nodes restarted dockerd', async () => {
    const nodes = fakeNodes(resetAnswer(atBaseline));
    const r = await resetNodes(await labWithBaseline(), nodes, ['node1', 'node2']);
    expect(r.restarted).toEqual(['node1']);
    expect(nodes.asked).toHaveLength(2); // no second exec for the proof
  });

  it('a reset that did not reach it names each aspect left, per node', async () => {
    await expect(resetNodes(await labWithBaseline(), fakeNodes(resetAnswer(afterRun)), ['node1'])).rejects.toThrow(
      /reset did not reach the baseline:\nnode1: \/etc\/docker: expected "e3b0c44298fc1c14", found "f6e991d139be9f90"[\s\S]*node1: images: expected "nginx:1.14 registry:2", found "nginx:1.14 registry.mydom.com\/nginx:1.14/,
    );
  });
});
