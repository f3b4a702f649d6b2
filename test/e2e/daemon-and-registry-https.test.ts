import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineDrift } from '../../src/nodes/baseline.js';
import { loadTopology } from '../../src/nodes/topology.js';
import { expectExit, lab } from '../support/cli.js';
import { useRunningLab } from '../support/running-lab.js';

/**
 * Seeds 003 (the Docker API over mutual TLS) and 001 (a registry on HTTPS from config.yml), for
 * real on the two nodes. This file sorts before workshop.test.ts, which ends with `lab down`: it
 * brings the lab up (idempotent) and leaves it up, at its baseline. These tests never skip.
 */
const topology = loadTopology();
const names = topology.nodes.map((n) => n.name);
const node2 = topology.nodes.find((n) => n.name === 'node2')!;
const api = `${node2.hostname}:2376`;
const reports = mkdtempSync(join(tmpdir(), 'lab-e2e-dtls-'));

describe('daemon-tls and registry-https, for real', () => {
  const running = useRunningLab();

  it('lab run daemon-tls: every stage of seed 003, errata and the hosts trap included', async () => {
    const md = join(reports, 'daemon-tls.md');
    const r = await lab(['run', 'daemon-tls', '--report', 'md', md]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/daemon-tls: Count: \d+, Failed: 0/);
    const transcript = readFileSync(md, 'utf8');
    expect(transcript).toContain('unknown flag: --H');
    expect(transcript).toContain('the following directives are specified both as a flag and in the configuration file: hosts');
    expect(transcript).toContain("curl: (58) unable to set private key file: 'cert-key.pem' type PEM");
    expect(transcript).toContain('Client sent an HTTP request to an HTTPS server.');
  }, 600_000);

  it("node2's dockerd listens on 2376 with the systemd drop-in, and still on its local socket", async () => {
    const listen = await running.nodes.exec('node2', "ss -ltnH 'sport = :2376'");
    expect(listen.stdout).toContain(':2376');
    const exec = await running.nodes.exec('node2', 'systemctl show -p ExecStart --value docker');
    expect(exec.stdout).toContain('-H fd:// -H tcp://0.0.0.0:2376');
    const local = await running.nodes.exec('node2', "docker info --format '{{.Name}}'");
    expect(local.stdout.trim()).toBe(node2.hostname);
  });

  it("node2:2376 refuses node1 without a client certificate, with docker as with curl", async () => {
    // An empty DOCKER_CERT_PATH: the client must not pick up node1's pair from ~/.docker.
    const docker = await running.nodes.exec('node1', `d=$(mktemp -d); DOCKER_CERT_PATH=$d docker --tlsverify --tlscacert ~/.docker/ca.pem -H tcp://${api} version; rc=$?; rmdir "$d"; exit $rc`);
    expect(docker.code).not.toBe(0);
    expect(docker.stderr).toMatch(/remote error: tls: (bad certificate|certificate required)/);
    const curl = await running.nodes.exec('node1', `curl -sS --cacert ~/.docker/ca.pem https://${api}/version`);
    expect(curl.code).not.toBe(0);
    expect(curl.stderr).toMatch(/alert (bad certificate|certificate required)/);
    const plain = await running.nodes.exec('node1', `curl -sS http://${api}/version`);
    expect(plain.stdout).toContain('Client sent an HTTP request to an HTTPS server.');
  });

  it("node2:2376 answers node1's pair (DOCKER_HOST + DOCKER_TLS_VERIFY, ~/.docker)", async () => {
    const docker = await running.nodes.exec('node1', `DOCKER_HOST=tcp://${api} DOCKER_TLS_VERIFY=1 docker info --format '{{.Name}}'`);
    expect(docker.code, docker.stderr).toBe(0);
    expect(docker.stdout.trim()).toBe(node2.hostname);
    const curl = await running.nodes.exec('node1', `cd ~/.docker && curl -sS --cert cert.pem --key key.pem --cacert ca.pem https://${api}/version`);
    expect(curl.code, curl.stderr).toBe(0);
    expect(JSON.parse(curl.stdout).ApiVersion).toMatch(/^1\.\d+$/);
  });

  it('lab run registry-https: from the baseline, the seed run literally, then fixed stage by stage', async () => {
    const md = join(reports, 'registry-https.md');
    const r = await lab(['run', 'registry-https', '--report', 'md', md]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/registry-https: Count: \d+, Failed: 0/);
    const transcript = readFileSync(md, 'utf8');
    for (const text of [
      'unsupported version: ""',
      'cannot unmarshal !!str `nosniff` into []string',
      'no storage configuration provided',
      'open /etc/docker/certs/domain.crt: no such file or directory',
      'Failed to connect to localhost port 5000',
      'x509: certificate relies on legacy Common Name field, use SANs instead',
      'x509: certificate signed by unknown authority',
    ]) expect(transcript).toContain(text);
    // The reset before the run took daemon-tls away: no 2376 any more on node2.
    expect((await running.nodes.exec('node2', "ss -ltnH 'sport = :2376'")).stdout.trim()).toBe('');
  }, 600_000);

  it('node1 pulls back what it pushed, verified by certs.d alone (no insecure-registries)', async () => {
    const host = topology.registry.host;
    const insecure = await running.nodes.exec('node1', "docker info --format '{{json .RegistryConfig.IndexConfigs}}'");
    expect(insecure.stdout).not.toContain(`"${host}"`);
    const pull = await running.nodes.exec('node1', `docker rmi ${host}/nginx:1.14 >/dev/null && docker pull ${host}/nginx:1.14`);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toMatch(/Digest: sha256:[0-9a-f]{64}/);
  }, 120_000);

  it('lab test daemon-tls registry-https: every check fails before its solution and passes after', async () => {
    const xml = join(reports, 'self-test.xml');
    const r = await lab(['test', 'daemon-tls', 'registry-https', '--report', 'junit', xml]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/daemon-tls: self-test passed/);
    expect(r.stdout).toMatch(/registry-https: self-test passed/);
    expect(readFileSync(xml, 'utf8').match(/<testsuite /g)).toHaveLength(16);
  }, 600_000);

  it('lab reset returns both nodes to the baseline (the lab stays up)', async () => {
    expectExit(await lab(['reset']), 0);
    expect(await baselineDrift(running.lab, running.nodes, names)).toEqual(Object.fromEntries(names.map((n) => [n, []])));
  }, 120_000);
});
