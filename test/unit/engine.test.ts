import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import type { ExecOptions, ExecResult, Nodes } from '../../src/engine/nodes.js';
import { firstFailure, runScenario } from '../../src/engine/run.js';
import { parseScenario } from '../../src/scenario/load.js';

/** A fake node set: answers by the first matching rule, records every call. */
class FakeNodes implements Nodes {
  calls: { node: string; command: string; stdin?: string }[] = [];
  constructor(private readonly rules: [RegExp, (n: number) => ExecResult][]) {}
  async exec(node: string, command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.calls.push({ node, command, stdin: options.stdin });
    const n = this.calls.filter((c) => c.command === command).length;
    const rule = this.rules.find(([re]) => re.test(command));
    return rule ? rule[1](n) : { stdout: '', stderr: '', code: 0 };
  }
}

const ctx = { nodes: ['node1', 'node2'], variables: { 'registry.host': 'registry.mydom.com', 'node2.ip': '192.168.56.101' } };
const scenario = parseScenario(
  `name: t
title: T
stages:
  - id: refuse
    title: HTTP is refused
    steps:
      - on: node2
        run: docker run -d -p 5000:5000 --name registry registry:2
      - on: node1
        title: push fails
        run: docker push {{registry.host}}:5000/nginx:1.14
        expect: { exit: nonzero, output: { contains: "server gave HTTP response" } }
  - id: fix
    title: insecure-registries
    steps:
      - on: node1
        write: { path: /etc/docker/daemon.json, content: '{"insecure-registries":["{{registry.host}}:5000"]}', sudo: true, mode: "0644" }
      - copy: { from: "node2:/home/vagrant/certs/domain.crt", to: "node1:/tmp/ca.crt" }
      - on: node1
        run: docker push {{registry.host}}:5000/nginx:1.14
        expect: { output: { contains: "digest:" } }
        retry: { attempts: 3, interval: 10ms }
    check:
      - { on: node1, run: "test -e /etc/docker/daemon.json" }
      - { on: node1, run: "cat /etc/docker/daemon.json", expect: { output: { contains: insecure } } }
`,
  't.yaml',
  ctx,
);

const refused: ExecResult = { stdout: '', stderr: 'http: server gave HTTP response to HTTPS client', code: 1 };
const pushed: ExecResult = { stdout: 'latest: digest: sha256:abc size: 1', stderr: '', code: 0 };

describe('engine', () => {
  it('passes when each expected failure and each success happen, retrying until the daemon is back', async () => {
    let pushes = 0;
    const nodes = new FakeNodes([
      [/docker push/, () => (++pushes === 1 ? refused : pushes === 2 ? { stdout: '', stderr: 'Cannot connect to the Docker daemon', code: 1 } : pushed)],
      [/base64 -w0/, () => ({ stdout: 'Q0VSVAo=', stderr: '', code: 0 })],
    ]);
    const events: EngineEvent['type'][] = [];
    const outcome = await runScenario(scenario, nodes, { kind: 'step', onEvent: (e) => events.push(e.type) });
    expect(outcome.ok).toBe(true);
    expect(pushes).toBe(3);
    const write = nodes.calls.find((c) => c.stdin?.includes('insecure-registries'))!;
    expect(write).toMatchObject({ node: 'node1', stdin: '{"insecure-registries":["registry.mydom.com:5000"]}' });
    expect(write.command).toBe(`sudo sh -c 'mkdir -p "$(dirname '\\''/etc/docker/daemon.json'\\'')" && cat > '\\''/etc/docker/daemon.json'\\'' && chmod 0644 '\\''/etc/docker/daemon.json'\\'''`);
    const copyWrite = nodes.calls.find((c) => c.stdin === 'Q0VSVAo=')!;
    expect(copyWrite.node).toBe('node1');
    expect(copyWrite.command).toContain("base64 -d > '/tmp/ca.crt'");
    expect(events[0]).toBe('scenario:start');
    expect(events.at(-1)).toBe('scenario:end');
    expect(events.filter((e) => e === 'step:end')).toHaveLength(5);
  });

  it('fails a stage whose expected failure silently works, and stops there', async () => {
    const nodes = new FakeNodes([[/docker push/, () => pushed]]);
    const outcome = await runScenario(scenario, nodes, { kind: 'step' });
    expect(outcome.ok).toBe(false);
    expect(outcome.stages).toHaveLength(1);
    const f = firstFailure(outcome)!;
    expect(f.stage.id).toBe('refuse');
    expect(f.step.title).toBe('push fails');
    expect(f.step.location).toBe('t.yaml:9');
    expect(f.result.mismatches[0]!.found).toBe('exit 0');
    expect(nodes.calls.some((c) => c.command.includes('daemon.json'))).toBe(false);
  });

  it('runs every check of a stage, so that each ✗ is listed', async () => {
    const nodes = new FakeNodes([[/test -e|cat \/etc/, () => ({ stdout: '', stderr: 'No such file', code: 1 })]]);
    const outcome = await runScenario(scenario, nodes, { kind: 'check', stages: [scenario.stages[1]!] });
    expect(outcome.ok).toBe(false);
    expect(outcome.stages[0]!.results.map((r) => r.result.ok)).toEqual([false, false]);
  });

  it('gives up after the last retry and reports the attempts', async () => {
    const nodes = new FakeNodes([[/docker push/, (n) => (n === 1 ? refused : { stdout: '', stderr: 'x509: certificate signed by unknown authority', code: 1 })]]);
    const outcome = await runScenario(scenario, nodes, { kind: 'step' });
    const f = firstFailure(outcome)!;
    expect(f.stage.id).toBe('fix');
    expect(f.result.attempts).toBe(3);
  });

  it('a wait tries again soon, then less often: pauses of 0.1 s doubling up to its interval', async () => {
    const waitScenario = parseScenario(
      'name: w\ntitle: W\nstages:\n  - id: up\n    title: Up\n    steps:\n      - { on: node2, wait: { run: "curl -sf http://localhost:5000/v2/", timeout: 5s, interval: 500ms } }\n',
      'w.yaml',
      ctx,
    );
    const at: number[] = [];
    const nodes = new FakeNodes([[/curl/, (n) => (at.push(Date.now()), n < 5 ? { stdout: '', stderr: '', code: 7 } : { stdout: '{}', stderr: '', code: 0 })]]);
    const outcome = await runScenario(waitScenario, nodes, { kind: 'step' });
    expect(outcome.ok).toBe(true);
    const pauses = at.slice(1).map((t, i) => t - at[i]!);
    // 100, 200, 400, then the interval (500): each at least its length; the first well under the interval.
    [100, 200, 400, 500].forEach((ms, i) => expect(pauses[i]).toBeGreaterThanOrEqual(ms - 5));
    expect(pauses[0]).toBeLessThan(450);
  });
});
