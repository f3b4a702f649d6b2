import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../src/engine/match.js';
import type { ExecResult } from '../../src/engine/nodes.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Step } from '../../src/scenario/model.js';

/**
 * mtls's pulls, wrong certificates and system CA store against outputs captured on the lab's nodes
 * (docker 20.10.24, registry 2.8.2, 2026-11-26) after `lab solve mtls --to folder-443`:
 * pull-never-pushed-real.txt (`docker pull registry.mydom.com/hello-world`),
 * docker-info-2376-registry-host-real.txt (seed 000's step 6 line with the lab's name and the home
 * folder's files), push-mtls-self-signed-client-real.txt (seed 004's self-signed client.cert in certs.d),
 * push-mtls-other-ca-real.txt (another CA as ca.crt), push-system-ca-*-real.txt (ca.crt removed
 * from certs.d, the lab CA added with update-ca-certificates, before and after restarting dockerd),
 * openssl-verify-self-signed-client-real.txt (openssl verify -CAfile ca.crt on seed 004's client.cert).
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');
const failed = (stderr: string): ExecResult => ({ stdout: '', stderr, code: 1 });
const succeeded = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });

const topology = loadTopology(undefined, {});
const scenario = loadScenario('mtls', { nodes: ['node1', 'node2'], variables: topologyVariables(topology), lang: 'en' });
const find = (stage: string, title: RegExp, list: 'steps' | 'checks' = 'steps'): Step => {
  const s = scenario.stages.find((st) => st.id === stage)![list].find((st) => title.test(st.title));
  if (!s) throw new Error(`no ${list} ${title} in ${stage}`);
  return s;
};
const ok = (step: Step, r: ExecResult) => matchExpectation(step.expect, r).ok;

describe('mtls: pulls, the seed 000 step 6 line, wrong certificates, the system CA store', () => {
  it("seed 000's pull of an image never pushed: manifest unknown, not a TLS failure", () => {
    const s = find('folder-443', /never pushed/);
    expect(ok(s, failed(fixture('pull-never-pushed-real.txt')))).toBe(true);
    expect(ok(s, failed(fixture('push-mtls-self-signed-client-real.txt')))).toBe(false);
  });

  it("seed 000's docker --tlsverify … -H=…:2376 info reaches no registry", () => {
    const s = find('folder-443', /step 6 check/);
    expect(ok(s, failed(fixture('docker-info-2376-registry-host-real.txt')))).toBe(true);
    expect(ok(s, failed('unable to resolve docker endpoint: open client.crt: no such file or directory'))).toBe(false);
  });

  it('a self-signed client certificate is refused by the registry, another CA by the daemon', () => {
    const client = find('wrong-certificates', /registry refuses a client/);
    const server = find('wrong-certificates', /another CA/);
    expect(ok(client, failed(fixture('push-mtls-self-signed-client-real.txt')))).toBe(true);
    expect(ok(client, failed(fixture('push-mtls-other-ca-real.txt')))).toBe(false);
    expect(ok(server, failed(fixture('push-mtls-other-ca-real.txt')))).toBe(true);
    expect(ok(server, failed(fixture('push-mtls-self-signed-client-real.txt')))).toBe(false);
  });

  it('the system CA store is read by dockerd only when it starts', () => {
    expect(ok(find('system-ca', /still FAILS/), failed(fixture('push-system-ca-before-restart-real.txt')))).toBe(true);
    expect(ok(find('system-ca', /system CA and certs.d/), succeeded(fixture('push-system-ca-after-restart-real.txt')))).toBe(true);
  });

  it('curl without a client certificate: the refusal is pinned, a name failure is not one', () => {
    const s = find('folder-443', /curl without a client certificate/, 'checks');
    for (const f of ['curl-mtls-nocert-reset-real.txt', 'curl-mtls-nocert-pipe-real.txt', 'curl-mtls-nocert-getpeername-real.txt']) {
      expect(ok(s, failed(fixture(f))), f).toBe(true);
    }
    expect(ok(s, { stdout: '', stderr: 'curl: (6) Could not resolve host: registry.mydom.com\n', code: 6 })).toBe(false);
    expect(ok(s, { stdout: '', stderr: 'curl: (7) Failed to connect to registry.mydom.com port 443: Connection refused\n', code: 7 })).toBe(false);
  });
});

describe('wrong-certificates leaves the self-signed certificate to check', () => {
  const s = find('wrong-certificates', /not recognised by the lab CA/, 'checks');
  it('openssl verify names it self-signed; a missing file is not taken for it', () => {
    expect(ok(s, { stdout: fixture('openssl-verify-self-signed-client-real.txt'), stderr: '', code: 2 })).toBe(true);
    expect(ok(s, failed('Could not open file or uri for loading certificate file from self-signed.cert\nUnable to load certificate file\n'))).toBe(false);
  });
});

describe("seed 000's `dockerd --debug` beside the running service", () => {
  it('fails on the pid file (captured on node1 after lab reset: dockerd-debug-beside-service-real.txt)', () => {
    const s = find('client-pair', /dockerd --debug/);
    expect(ok(s, failed(fixture('dockerd-debug-beside-service-real.txt')))).toBe(true);
    expect(ok(s, { stdout: 'API listen on /var/run/docker.sock\n', stderr: '', code: 124 })).toBe(false);
  });
});

describe('seed 004: several pairs in one certs.d folder', () => {
  // Captured on node1 after `lab solve mtls --to folder-443`, with a self-signed aaa.cert/aaa.key added
  // (push-mtls-two-pairs-aaa-first-real.txt), then with client.cert/client.key moved out (…-aaa-pair-alone-real.txt).
  it('a self-signed pair sorted first does not break the push; alone, it is refused', () => {
    expect(ok(find('wrong-certificates', /two pairs/), succeeded(fixture('push-mtls-two-pairs-aaa-first-real.txt')))).toBe(true);
    const alone = find('wrong-certificates', /aaa pair alone/);
    expect(ok(alone, failed(fixture('push-mtls-aaa-pair-alone-real.txt')))).toBe(true);
    expect(ok(alone, succeeded(fixture('push-mtls-two-pairs-aaa-first-real.txt')))).toBe(false);
  });
});
