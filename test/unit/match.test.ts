import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchExpectation, relevantLines } from '../../src/engine/match.js';
import type { ExecResult } from '../../src/engine/nodes.js';
import { loadScenario } from '../../src/scenario/load.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';

/** Outputs of `docker image push`: node-*.txt captured on the lab's nodes (Docker 20.10.24); the others as the seed and ENVIRONMENT.md record them for other versions. */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');
const failed = (stderr: string): ExecResult => ({ stdout: '', stderr, code: 1 });
const succeeded = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });

const topology = loadTopology(undefined, {});
const scenario = loadScenario('tls-selfsigned', { nodes: ['node1', 'node2'], variables: topologyVariables(topology) });
const step = (stage: string, title: RegExp) => {
  const s = scenario.stages.find((st) => st.id === stage)!.steps.find((st) => title.test(st.title));
  if (!s) throw new Error(`no step ${title} in ${stage}`);
  return s;
};

describe("tls-selfsigned's expectations against real outputs", () => {
  const httpPush = step('http-registry', /push FAILS/);
  const x509Push = step('tls-registry', /push FAILS/);
  const okPush = step('trust-cert', /push now works/);

  it.each(['node-push-http.txt', 'push-http-docker20.10.txt', 'push-http-seed.txt'])('the HTTP refusal is recognised (%s)', (f) => {
    expect(matchExpectation(httpPush.expect, failed(fixture(f)))).toEqual({ ok: true, mismatches: [] });
  });

  it.each(['node-push-x509.txt', 'push-x509-docker20.10.txt', 'push-x509-go1.20.txt'])('the unknown-authority refusal is recognised (%s)', (f) => {
    expect(matchExpectation(x509Push.expect, failed(fixture(f))).ok).toBe(true);
  });

  it('an expected failure that does not happen fails the step, saying so', () => {
    const v = matchExpectation(httpPush.expect, succeeded(fixture('push-ok-seed.txt')));
    expect(v.ok).toBe(false);
    expect(v.mismatches[0]).toEqual({ property: 'exit', expected: 'a non-zero exit (the step must fail)', found: 'exit 0' });
    expect(v.mismatches[1]!.expected).toBe('to contain "server gave HTTP response to HTTPS client"');
  });

  it('a failure with the wrong error is not the expected failure', () => {
    const v = matchExpectation(httpPush.expect, failed(fixture('push-x509-docker20.10.txt')));
    expect(v.ok).toBe(false);
    expect(v.mismatches).toHaveLength(1);
    expect(v.mismatches[0]!.found).toContain('x509: certificate signed by unknown authority');
  });

  it('a successful push is recognised by its digest', () => {
    expect(matchExpectation(okPush.expect, succeeded(fixture('push-ok-seed.txt'))).ok).toBe(true);
    expect(matchExpectation(okPush.expect, succeeded(fixture('node-push-ok.txt'))).ok).toBe(true);
    const v = matchExpectation(okPush.expect, failed(fixture('push-x509-docker20.10.txt')));
    expect(v.mismatches.map((m) => m.property)).toEqual(['exit', 'output']);
  });
});

describe('matchers', () => {
  it('accepts any listed variant (registry 2 and registry 3 wordings)', () => {
    const expectation = { exit: 'nonzero' as const, output: { contains: ['tls: bad certificate', 'tls: certificate required'] } };
    expect(matchExpectation(expectation, failed(fixture('push-mtls-nocert-registry2.txt'))).ok).toBe(true);
    expect(matchExpectation(expectation, failed(fixture('push-mtls-nocert-registry3.txt'))).ok).toBe(true);
    expect(matchExpectation(expectation, failed(fixture('push-x509-docker20.10.txt'))).ok).toBe(false);
  });

  it('matches regex variants and both Docker wordings of the missing-key error', () => {
    const expectation = { exit: 'nonzero' as const, output: { matches: 'missing key client\\.key for client certificate client\\.cert\\. (Note that )?CA certificates (should|must) use the extension \\.crt' } };
    expect(matchExpectation(expectation, failed(fixture('push-mtls-missing-key-docker20.txt'))).ok).toBe(true);
    expect(matchExpectation(expectation, failed(fixture('push-mtls-missing-key-docker23.txt'))).ok).toBe(true);
  });

  it('not_contains lists each forbidden text found', () => {
    const v = matchExpectation({ output: { not_contains: ['registry.mydom.com:5000', 'absent'] } }, succeeded('{"registry.mydom.com:5000":{}}'));
    expect(v.mismatches).toEqual([{ property: 'output', expected: 'not to contain "registry.mydom.com:5000"', found: '{"registry.mydom.com:5000":{}}' }]);
  });

  it('exit: any and exact codes', () => {
    expect(matchExpectation({ exit: 'any' }, failed('x')).ok).toBe(true);
    expect(matchExpectation({ exit: 3 }, { stdout: '', stderr: '', code: 3 }).ok).toBe(true);
    expect(matchExpectation({ exit: 3 }, failed('x')).mismatches[0]).toMatchObject({ expected: 'exit 3', found: 'exit 1' });
    expect(matchExpectation({}, { stdout: '', stderr: '', code: null, timedOut: true }).mismatches[0]!.found).toBe('timed out');
  });

  it('stdout and stderr can be matched apart', () => {
    const r: ExecResult = { stdout: 'out', stderr: 'err', code: 0 };
    expect(matchExpectation({ stdout: { contains: 'out' }, stderr: { contains: 'err' } }, r).ok).toBe(true);
    expect(matchExpectation({ stdout: { contains: 'err' } }, r).ok).toBe(false);
  });
});

describe('relevantLines', () => {
  it('shows the lines holding the searched text, else error-looking lines, else the tail', () => {
    const text = fixture('push-ok-seed.txt');
    expect(relevantLines(text, ['Pushed'])).toBe('a988eeefbe01: Pushed\ne53052eb0904: Pushed\n6744ca1b1190: Pushed');
    expect(relevantLines(fixture('push-x509-docker20.10.txt'), [])).toContain('x509');
    expect(relevantLines('', [])).toBe('(no output)');
  });
});
