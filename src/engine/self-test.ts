import type { Scenario } from '../scenario/model.js';
import type { EventListener } from './events.js';
import type { Nodes } from './nodes.js';
import { runScenario } from './run.js';

export interface StageSelfTest {
  stage: string;
  /** The stage's checks failed before its solution, as they must. */
  failedBefore: boolean;
  solved: boolean;
  passedAfter: boolean;
  ok: boolean;
  problem?: string;
}

export interface SelfTestOutcome {
  ok: boolean;
  stages: StageSelfTest[];
  durationMs: number;
}

/**
 * The lab's self-test, from the baseline: for every stage, its checks must FAIL before its
 * solution and PASS after it. Solving is cumulative, so the state before stage N is the state
 * after solving stages 1..N-1 — one pass instead of a reset per stage. A check that passes before
 * its solution is a broken lab. Stages without checks are solved and reported as unchecked.
 */
export async function selfTest(scenario: Scenario, nodes: Nodes, onEvent?: EventListener, signal?: AbortSignal): Promise<SelfTestOutcome> {
  const started = Date.now();
  const results: StageSelfTest[] = [];
  for (const stage of scenario.stages) {
    const checked = stage.checks.length > 0;
    const before = checked ? await runScenario(scenario, nodes, { kind: 'precheck', stages: [stage], onEvent, signal }) : undefined;
    const failedBefore = before ? !before.ok : false;
    const solve = await runScenario(scenario, nodes, { kind: 'step', stages: [stage], onEvent, signal });
    const after = checked && solve.ok ? await runScenario(scenario, nodes, { kind: 'check', stages: [stage], onEvent, signal }) : undefined;
    const passedAfter = after?.ok ?? false;
    const problem =
      checked && !failedBefore
        ? `the checks of "${stage.id}" pass before its solution: they do not test the stage`
        : !solve.ok
          ? `the solution of "${stage.id}" does not run as written`
          : checked && !passedAfter
            ? `the checks of "${stage.id}" fail after its solution`
            : undefined;
    results.push({ stage: stage.id, failedBefore, solved: solve.ok, passedAfter, ok: problem === undefined, problem });
    if (!solve.ok) break;
  }
  return { ok: results.length === scenario.stages.length && results.every((r) => r.ok), stages: results, durationMs: Date.now() - started };
}
