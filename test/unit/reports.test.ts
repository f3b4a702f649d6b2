import { describe, expect, it } from 'vitest';
import type { ExecResult, Nodes } from '../../src/engine/nodes.js';
import { runScenario } from '../../src/engine/run.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { PlainReporter } from '../../src/report/plain.js';
import { redact } from '../../src/report/redact.js';
import { Transcript } from '../../src/report/transcript.js';
import { parseScenario } from '../../src/scenario/load.js';

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
const RSA = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu\n-----END RSA PRIVATE KEY-----';

const scenario = parseScenario(
  `name: r
title: Reports
source: seed 002
stages:
  - id: s1
    title: <one> & "two"
    errata: the seed said otherwise
    steps:
      - { on: node2, run: "cat certs/domain.key", seed: "cat domain.key" }
      - { on: node1, run: "docker push x", expect: { exit: nonzero, output: { contains: "x509" } } }
`,
  'r.yaml',
  { nodes: ['node1', 'node2'], variables: {} },
);

const nodes: Nodes = {
  async exec(_node, command): Promise<ExecResult> {
    if (command.startsWith('cat')) return { stdout: `${KEY}\n${RSA}`, stderr: '', code: 0 };
    return { stdout: '', stderr: 'Get "https://x/v2/": http: server gave HTTP response to HTTPS client\u001b', code: 1 };
  },
};

async function transcript(): Promise<Transcript> {
  const t = new Transcript();
  await runScenario(scenario, nodes, { kind: 'step', onEvent: t.listener });
  return t;
}

describe('redaction', () => {
  it('removes every private key block, whatever its kind', () => {
    expect(redact(`a\n${KEY}\nb\n${RSA}`)).toBe('a\n[PRIVATE KEY redacted]\nb\n[RSA PRIVATE KEY redacted]');
    expect(redact('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')).toContain('MIIB');
  });

  it('no report carries key material', async () => {
    const t = await transcript();
    for (const text of [renderJson(t), renderJunit(t), renderMarkdown(t)]) {
      expect(text).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7');
      expect(text).not.toContain('MIIEowIBAAKCAQEAu');
      expect(text).toContain('PRIVATE KEY redacted');
    }
  });
});

describe('reports', () => {
  it('JUnit: a testsuite per stage, a testcase per step, expected vs found in the failure, escaped', async () => {
    const xml = renderJunit(await transcript());
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lab" tests="2" failures="1">/);
    expect(xml).toContain('<testsuite name="r / s1: &lt;one&gt; &amp; &quot;two&quot;" tests="2" failures="1"');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('<failure message="output: expected to contain &quot;x509&quot;" type="expectation">r.yaml:10');
    expect(xml).not.toContain('\u001b');
  });

  it('JSON carries the same content with timings', async () => {
    const data = JSON.parse(renderJson(await transcript()));
    expect(data.ok).toBe(false);
    const steps = data.runs[0].stages[0].steps;
    expect(steps.map((s: { ok: boolean }) => s.ok)).toEqual([true, false]);
    expect(typeof steps[0].durationMs).toBe('number');
    expect(steps[1].expected).toBe('fails, output contains "x509"');
  });

  it('Markdown reads like the seed: node, command, output, expectation, verdict, errata', async () => {
    const md = renderMarkdown(await transcript());
    expect(md).toContain('> **Seed erratum:** the seed said otherwise');
    expect(md).toContain('vagrant@node1:~$ docker push x');
    expect(md).toContain('- the seed wrote: `cat domain.key`');
    expect(md).toContain('verdict: NOT as expected');
  });

  it('plain lines end with a count line', async () => {
    const lines: string[] = [];
    const plain = new PlainReporter((l) => lines.push(l));
    await runScenario(scenario, nodes, { kind: 'step', onEvent: plain.listener });
    expect(lines.at(-1)).toMatch(/r: Count: 2, Failed: 1 \(\d+\.\ds\)$/);
    expect(lines.join('\n')).toContain('at r.yaml:10');
  });
});
