import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../src/engine/match.js';
import type { ExecResult } from '../../src/engine/nodes.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Step } from '../../src/scenario/model.js';

/**
 * The mtls scenario's expectations against outputs captured on the nodes (docker 20.10.24,
 * registry 2.8.2, curl 7.88) — the *-real.txt files — and, for other versions, as their sources word them.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');
const failed = (stderr: string): ExecResult => ({ stdout: '', stderr, code: 1 });
const succeeded = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });

const topology = loadTopology(undefined, {});
const scenario = loadScenario('mtls', { nodes: ['node1', 'node2'], variables: topologyVariables(topology) });
const find = (stage: string, title: RegExp, list: 'steps' | 'checks' = 'steps'): Step => {
  const s = scenario.stages.find((st) => st.id === stage)![list].find((st) => title.test(st.title));
  if (!s) throw new Error(`no ${list} ${title} in ${stage}`);
  return s;
};
const ok = (step: Step, r: ExecResult) => matchExpectation(step.expect, r).ok;

describe("mtls's expectations against the real outputs", () => {
  const envPush = find('clientcas-env', /ACCEPTED/);
  const nocertPush = find('clientcas-config', /push FAILS/);
  const nocertLog = find('clientcas-config', /log says why/);
  const crtPush = find('client-crt', /push FAILS/);
  const nokeyPush = find('cert-without-key', /push FAILS/);
  const pairPush = find('client-pair', /push works/);
  const port443Push = find('folder-with-443', /push FAILS/);
  const catalog = find('folder-443', /lists the repository/);
  const curlNoCert = find('folder-443', /curl without a client certificate/);

  it('the env-var trap: a push with no client certificate is accepted', () => {
    expect(ok(envPush, succeeded(fixture('push-mtls-env-ignored-real.txt')))).toBe(true);
  });

  it.each(['push-mtls-nocert-real.txt', 'push-mtls-nocert-registry2.txt', 'push-mtls-nocert-registry3.txt'])(
    'no client certificate: refused by the registry (%s)',
    (f) => expect(ok(nocertPush, failed(fixture(f)))).toBe(true),
  );

  it("the registry's own log names the missing certificate", () => {
    expect(ok(nocertLog, succeeded(fixture('registry-log-nocert-real.txt')))).toBe(true);
  });

  it.each(['push-mtls-client-crt-real.txt', 'push-mtls-client-crt-docker23.txt'])(
    'client.crt next to client.key: Docker wants client.cert (%s)',
    (f) => expect(ok(crtPush, failed(fixture(f)))).toBe(true),
  );

  it.each(['push-mtls-missing-key-real.txt', 'push-mtls-missing-key-docker20.txt', 'push-mtls-missing-key-docker23.txt'])(
    'client.cert without client.key: both Docker wordings (%s)',
    (f) => expect(ok(nokeyPush, failed(fixture(f)))).toBe(true),
  );

  it('the right pair: the push prints its digest', () => {
    expect(ok(pairPush, succeeded(fixture('push-mtls-pair-ok-real.txt')))).toBe(true);
  });

  it.each(['push-443-folder-with-port-real.txt', 'push-x509-go1.20.txt'])('a :443 folder is not read: unknown authority (%s)', (f) => {
    expect(ok(port443Push, failed(fixture(f)))).toBe(true);
  });

  it('curl with the client pair lists the repository', () => {
    expect(ok(catalog, succeeded(fixture('curl-catalog-mtls-real.txt')))).toBe(true);
  });

  it.each(['curl-mtls-nocert-reset-real.txt', 'curl-mtls-nocert-pipe-real.txt', 'curl-mtls-nocert-getpeername-real.txt'])(
    "curl without a certificate: the wording varies from run to run, the exit status doesn't (%s)",
    (f) => {
      expect(ok(curlNoCert, { stdout: '', stderr: fixture(f), code: 55 })).toBe(true);
      expect(ok(curlNoCert, succeeded(fixture('curl-catalog-mtls-real.txt')))).toBe(false);
    },
  );
});

describe('each trap is told apart from its neighbours', () => {
  const nocertPush = find('clientcas-config', /push FAILS/);
  const crtPush = find('client-crt', /push FAILS/);
  const nokeyPush = find('cert-without-key', /push FAILS/);
  const pairPush = find('client-pair', /push works/);

  it('a push accepted while it must be refused fails the step (the env-var trap caught by the next stage)', () => {
    const v = matchExpectation(nocertPush.expect, succeeded(fixture('push-mtls-env-ignored-real.txt')));
    expect(v.mismatches.map((m) => m.property)).toEqual(['exit', 'output']);
    expect(v.mismatches[1]!.expected).toBe('to contain one of "remote error: tls: bad certificate", "remote error: tls: certificate required"');
  });

  it('the registry refusal is not the client.crt error, nor the missing-key error, and vice versa', () => {
    const nocert = failed(fixture('push-mtls-nocert-real.txt'));
    const crt = failed(fixture('push-mtls-client-crt-real.txt'));
    const nokey = failed(fixture('push-mtls-missing-key-real.txt'));
    expect([ok(nocertPush, crt), ok(nocertPush, nokey)]).toEqual([false, false]);
    expect([ok(crtPush, nocert), ok(crtPush, nokey)]).toEqual([false, false]);
    expect([ok(nokeyPush, nocert), ok(nokeyPush, crt)]).toEqual([false, false]);
  });

  it('a refused push is not a success', () => {
    expect(ok(pairPush, failed(fixture('push-mtls-missing-key-real.txt')))).toBe(false);
  });

  it('every stage has checks, a hint, and a goal', () => {
    for (const stage of scenario.stages) {
      expect(stage.checks.length, stage.id).toBeGreaterThan(0);
      expect(stage.hint, stage.id).toBeTruthy();
      expect(stage.goal, stage.id).toBeTruthy();
    }
  });

  it("the checks expect the same error texts as the solution's steps", () => {
    for (const [stage, title] of [['clientcas-config', /push FAILS/], ['client-crt', /push FAILS/], ['cert-without-key', /push FAILS/]] as const) {
      const check = scenario.stages.find((s) => s.id === stage)!.checks.find((c) => /push/.test(c.title))!;
      expect(check.expect, stage).toEqual(find(stage, title).expect);
    }
  });
});
