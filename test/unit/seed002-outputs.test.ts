import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../src/engine/match.js';
import type { ExecResult } from '../../src/engine/nodes.js';
import { loadScenario } from '../../src/scenario/load.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';

/**
 * Seed 002's errata and checks against outputs captured on the lab's nodes (Debian bookworm,
 * Docker 20.10.24, registry 2.8.2) on 2026-11-26, with the topology's default names:
 * - mkdir-certs-d-no-p-real.txt, cp-certs-domain-crt-node1-real.txt, mv-certs-d-from-home-real.txt:
 *   the seed's lines typed on node1 right after `lab reset`;
 * - pull-443-ok-real.txt: `docker rmi registry.mydom.com/nginx:1.14 && docker pull …` after port-443;
 * - trust-check-*-real.txt: trust-cert's first check after `lab solve tls-selfsigned --to trust-cert`,
 *   as solved (same) and with another self-signed certificate for the same name as ca.crt (other);
 * - push-x509-other-cert-real.txt: the push with that other certificate in certs.d.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');
const failed = (stderr: string): ExecResult => ({ stdout: '', stderr, code: 1 });
const succeeded = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });

const topology = loadTopology(undefined, {});
const scenario = loadScenario('tls-selfsigned', { nodes: ['node1', 'node2'], variables: topologyVariables(topology), lang: 'en' });
const stage = (id: string) => scenario.stages.find((st) => st.id === id)!;
const step = (id: string, title: RegExp) => {
  const s = stage(id).steps.find((st) => title.test(st.title));
  if (!s) throw new Error(`no step ${title} in ${id}`);
  return s;
};

describe("seed 002's errata fail as the lab expects, with the real message", () => {
  it.each([
    ['trust-cert', /mkdir without -p/, 'mkdir-certs-d-no-p-real.txt'],
    ['trust-cert', /no certs\/domain\.crt/, 'cp-certs-domain-crt-node1-real.txt'],
    ['port-443', /mv run from the home folder/, 'mv-certs-d-from-home-real.txt'],
  ])('%s: %s', (id, title, file) => {
    const s = step(id, title);
    expect(matchExpectation(s.expect, failed(fixture(file)))).toEqual({ ok: true, mismatches: [] });
    // The same line succeeding (or failing for another reason) is not taken for the erratum.
    expect(matchExpectation(s.expect, succeeded('')).ok).toBe(false);
    expect(matchExpectation(s.expect, failed('sudo: a terminal is required to read the password')).ok).toBe(false);
  });

  it('each erratum step is followed by its correction', () => {
    const titles = stage('trust-cert').steps.map((s) => s.title);
    expect(titles.findIndex((t) => /mkdir -p/.test(t))).toBe(titles.findIndex((t) => /mkdir without -p/.test(t)) + 1);
    expect(titles.findIndex((t) => /copy from \/vagrant/.test(t))).toBe(titles.findIndex((t) => /no certs\/domain\.crt/.test(t)) + 1);
  });
});

describe('pulls by name prove the pushes', () => {
  const pull = step('port-443', /pull by name/);
  it('the real pull after rmi is accepted', () => {
    expect(matchExpectation(pull.expect, succeeded(fixture('pull-443-ok-real.txt')))).toEqual({ ok: true, mismatches: [] });
  });
  it('a pull that only found the image locally, or failed, is not', () => {
    expect(matchExpectation(pull.expect, succeeded('Status: Image is up to date for registry.mydom.com/nginx:1.14\n')).ok).toBe(false);
    expect(matchExpectation(pull.expect, failed('Error response from daemon: manifest for registry.mydom.com/nginx:1.14 not found: manifest unknown: manifest unknown\n')).ok).toBe(false);
  });
  it.each(['insecure-registries', 'trust-cert', 'port-443'])('%s: every working push is followed by a pull', (id) => {
    const steps = stage(id).steps;
    const isWorkingPush = (s: (typeof steps)[number]) => s.action.kind === 'run' && /docker image push/.test(s.action.command) && s.expect.exit === undefined;
    const push = steps.length - 1 - [...steps].reverse().findIndex(isWorkingPush);
    const next = steps[push + 1]!;
    expect(next.action.kind === 'run' && next.action.command).toMatch(/docker rmi \S+ && docker pull \S+/);
  });
});

describe("trust-cert's check pins the certificate node2 serves", () => {
  const check = stage('trust-cert').checks[0]!;
  it('passes when ca.crt is the served certificate', () => {
    expect(matchExpectation(check.expect, succeeded(fixture('trust-check-same-cert-real.txt')))).toEqual({ ok: true, mismatches: [] });
  });
  it('fails with another certificate for the same name (the old check, "Fingerprint=", accepted it)', () => {
    expect(matchExpectation(check.expect, { stdout: fixture('trust-check-other-cert-real.txt'), stderr: '', code: 1 }).ok).toBe(false);
    expect(fixture('trust-check-other-cert-real.txt')).toContain('Fingerprint=');
    expect(fixture('push-x509-other-cert-real.txt')).toContain('x509: certificate signed by unknown authority');
  });
});
