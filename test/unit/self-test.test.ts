import { describe, expect, it } from 'vitest';
import type { ExecResult, Nodes } from '../../src/engine/nodes.js';
import { selfTest } from '../../src/engine/self-test.js';
import { renderJunit } from '../../src/report/junit.js';
import { Transcript } from '../../src/report/transcript.js';
import { parseScenario } from '../../src/scenario/load.js';

/** A tiny stateful "node": a set of files that `touch` creates and `test -e` checks. */
class FileNodes implements Nodes {
  files = new Set<string>();
  async exec(_node: string, command: string): Promise<ExecResult> {
    const touch = /^touch (\S+)$/.exec(command);
    if (touch) this.files.add(touch[1]!);
    const test = /^test -e (\S+)$/.exec(command);
    if (test) return { stdout: '', stderr: '', code: this.files.has(test[1]!) ? 0 : 1 };
    return { stdout: '', stderr: '', code: 0 };
  }
}

const scenario = (secondCheck: string) =>
  parseScenario(
    `name: st
title: Self-test
stages:
  - id: one
    title: One
    steps: [{ run: touch /a }]
    check: [{ run: test -e /a }]
  - id: two
    title: Two
    steps: [{ run: touch /b }]
    check: [{ run: "${secondCheck}" }]
  - id: three
    title: Unchecked
    steps: [{ run: "true" }]
`,
    'st.yaml',
    { nodes: ['node1', 'node2'], variables: {} },
  );

describe('lab test (self-test)', () => {
  it('passes when every check fails before its solution and passes after', async () => {
    const t = new Transcript();
    const outcome = await selfTest(scenario('test -e /b'), new FileNodes(), t.listener);
    expect(outcome.ok).toBe(true);
    expect(outcome.stages.map((s) => [s.stage, s.failedBefore, s.passedAfter])).toEqual([
      ['one', true, true],
      ['two', true, true],
      ['three', false, false],
    ]);
    const xml = renderJunit(t);
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml).toContain('name="precheck: before the solution, the checks fail');
    expect(xml).not.toContain('<failure');
  });

  it('catches a check that passes trivially, naming the stage', async () => {
    const t = new Transcript();
    const outcome = await selfTest(scenario('test -e /a'), new FileNodes(), t.listener);
    expect(outcome.ok).toBe(false);
    expect(outcome.stages[1]).toMatchObject({ stage: 'two', failedBefore: false, passedAfter: true, ok: false });
    expect(outcome.stages[1]!.problem).toBe('the checks of "two" pass before its solution: they do not test the stage');
    expect(renderJunit(t)).toContain('<failure message="checks: expected at least one check to fail before the solution"');
  });

  it('reports checks that still fail after the solution', async () => {
    const outcome = await selfTest(scenario('test -e /never'), new FileNodes());
    expect(outcome.stages[1]!.problem).toBe('the checks of "two" fail after its solution');
  });
});
