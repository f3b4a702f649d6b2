import type { Scenario, Stage, Step } from '../scenario/model.js';
import type { EventListener, StepKind, StepResult } from './events.js';
import type { Nodes } from './nodes.js';
import { runStep } from './step.js';

export interface RunOptions {
  /** `step` runs each stage's solution; `check`/`precheck` run its checks (all of them, to list every ✗). */
  kind: StepKind;
  stages?: Stage[];
  onEvent?: EventListener;
  /** Presenter mode: called before each step; may throw InterruptedError. */
  beforeStep?: (stage: Stage, step: Step) => Promise<void>;
  /** Aborted (Ctrl-C): no new step starts, and a retrying or waiting step stops; throws its reason. */
  signal?: AbortSignal;
}

export interface StageOutcome {
  stage: Stage;
  ok: boolean;
  results: { step: Step; result: StepResult }[];
}

export interface RunOutcome {
  ok: boolean;
  stages: StageOutcome[];
  durationMs: number;
}

/**
 * Runs stages in order. Solution steps stop at the first unmet expectation; checks of a stage all
 * run, and the run stops after the first stage whose checks fail.
 */
export async function runScenario(scenario: Scenario, nodes: Nodes, options: RunOptions): Promise<RunOutcome> {
  const emit = options.onEvent ?? (() => undefined);
  const stages = options.stages ?? scenario.stages;
  const started = Date.now();
  const outcomes: StageOutcome[] = [];
  emit({ type: 'scenario:start', scenario, stages, kind: options.kind });
  for (const stage of stages) {
    const outcome = await runStage(scenario, stage, nodes, options);
    outcomes.push(outcome);
    if (!outcome.ok) break;
  }
  const ok = outcomes.length === stages.length && outcomes.every((o) => o.ok);
  const durationMs = Date.now() - started;
  emit({ type: 'scenario:end', scenario, kind: options.kind, ok, durationMs });
  return { ok, stages: outcomes, durationMs };
}

async function runStage(scenario: Scenario, stage: Stage, nodes: Nodes, options: RunOptions): Promise<StageOutcome> {
  const emit = options.onEvent ?? (() => undefined);
  const kind = options.kind;
  const steps = kind === 'step' ? stage.steps : stage.checks;
  const started = Date.now();
  const results: StageOutcome['results'] = [];
  emit({ type: 'stage:start', scenario, stage, kind });
  for (const [index, step] of steps.entries()) {
    options.signal?.throwIfAborted();
    await options.beforeStep?.(stage, step);
    emit({ type: 'step:start', scenario, stage, step, index, kind });
    const result = await runStep(step, nodes, options.signal);
    options.signal?.throwIfAborted();
    results.push({ step, result });
    emit({ type: 'step:end', scenario, stage, step, index, kind, result });
    if (!result.ok && kind === 'step') break;
  }
  const ok = results.length === steps.length && results.every((r) => r.result.ok);
  emit({ type: 'stage:end', scenario, stage, kind, ok, durationMs: Date.now() - started });
  return { stage, ok, results };
}

/** The first failed step of an outcome, for the one-line summary. */
export function firstFailure(outcome: RunOutcome): { stage: Stage; step: Step; result: StepResult } | undefined {
  for (const s of outcome.stages) {
    const failed = s.results.find((r) => !r.result.ok);
    if (failed) return { stage: s.stage, ...failed };
  }
  return undefined;
}
