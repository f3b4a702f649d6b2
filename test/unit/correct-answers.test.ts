import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../src/engine/match.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Step } from '../../src/scenario/model.js';

/**
 * Checks accept every correct answer, not only the solution's. Fixtures captured on the lab's node2
 * (2026-11-26): dockerd-args-dropin-real.txt (`ps -o args= -C dockerd` + daemon.json after
 * `lab solve daemon-tls --to systemd-dropin`), dockerd-args-docker-opts-real.txt (the same with no
 * drop-in, `{}` in daemon.json and hosts + TLS flags in DOCKER_OPTS: node1 reached it with its pair);
 * registry-config-quoted-version-block-list-real.txt (registry 2.8.2 started with `version: "0.1"`
 * and the header as a block list: it listens and sends the header).
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');
const topology = loadTopology(undefined, {});
const ctx = { nodes: ['node1', 'node2'], variables: topologyVariables(topology), lang: 'en' as const };
const check = (scenario: string, stage: string, title: RegExp): Step => {
  const s = loadScenario(scenario, ctx).stages.find((st) => st.id === stage)!.checks.find((c) => title.test(c.title));
  if (!s) throw new Error(`no check ${title} in ${scenario}/${stage}`);
  return s;
};
const passes = (step: Step, stdout: string) => matchExpectation(step.expect, { stdout, stderr: '', code: 0 }).ok;

describe('daemon-tls systemd-dropin: the drop-in and DOCKER_OPTS are both right', () => {
  const listens = check('daemon-tls', 'systemd-dropin', /listens on its local socket/);
  const tls = check('daemon-tls', 'systemd-dropin', /TLS verification is on/);
  it.each(['dockerd-args-dropin-real.txt', 'dockerd-args-docker-opts-real.txt'])('%s passes', (f) => {
    expect(passes(listens, fixture(f))).toBe(true);
    expect(passes(tls, fixture(f))).toBe(true);
  });
  it('a daemon without the TCP socket, or without verification, or with hosts in daemon.json fails', () => {
    expect(passes(listens, '/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n')).toBe(false);
    expect(passes(listens, '/usr/sbin/dockerd -H tcp://0.0.0.0:2376\n')).toBe(false);
    expect(passes(tls, '/usr/sbin/dockerd -H fd:// -H tcp://0.0.0.0:2376 --tls --tlscert=/etc/docker/tls/server-cert.pem\n{}\n')).toBe(false);
    expect(passes(tls, '/usr/sbin/dockerd\n{ "tlsverify": true, "hosts": ["tcp://0.0.0.0:2376"] }\n')).toBe(false);
  });
});

describe('registry-https: the version quoted or not, the header list in flow or block style', () => {
  const version = check('registry-https', 'config-version', /declares version 0\.1/);
  const header = check('registry-https', 'config-headers', /header is a list/);
  it.each(['version: 0.1', 'version: "0.1"', "version: '0.1'", 'version: 0.1 # format'])('%s is accepted', (line) => {
    expect(passes(version, `${line}\n`)).toBe(true);
  });
  it.each(['version: 0.2', 'version: "0.1\'', 'version:'])('%s is not', (line) => {
    expect(passes(version, `${line}\n`)).toBe(false);
  });
  it.each([
    '    X-Content-Type-Options: [nosniff]\n      # Configure SSL\n',
    '    X-Content-Type-Options: ["nosniff"]\n',
    '    X-Content-Type-Options:\n      - nosniff\n',
    "    X-Content-Type-Options:\n      - 'nosniff'\n",
  ])('a list is accepted: %j', (grep) => {
    expect(passes(header, grep)).toBe(true);
  });
  it('the seed\'s string is not', () => {
    expect(passes(header, '    X-Content-Type-Options: nosniff\n      # Configure SSL\n')).toBe(false);
  });
  it('registry 2.8.2 really starts with the quoted version and the block list', () => {
    expect(fixture('registry-config-quoted-version-block-list-real.txt')).toMatch(/listening on .*:5000[\s\S]*X-Content-Type-Options: nosniff/);
  });
});
