import type { Scenario, Stage, Step } from '../scenario/model.js';
import type { Mismatch } from './match.js';
import type { ExecResult } from './nodes.js';
import type { FailedLine } from './script.js';

/** What a step did, as reporters show it. */
export interface StepResult {
  ok: boolean;
  /** The command as it ran (or a readable form of a write/copy). */
  command: string;
  exec: ExecResult;
  mismatches: Mismatch[];
  attempts: number;
  durationMs: number;
  /** When the step took more than one attempt: what the first one did, and why it did not count. */
  firstAttempt?: { exec: ExecResult; mismatches: Mismatch[] };
  /** Lines of a multi-line `run` that failed before its last line (their failure does not decide the step). */
  failedLines: FailedLine[];
}

/** step: a solution step; check: a stage's check; precheck: a check run before the solution (self-test), which must fail. */
export type StepKind = 'step' | 'check' | 'precheck';

export type EngineEvent =
  | { type: 'scenario:start'; scenario: Scenario; stages: Stage[]; kind: StepKind }
  | { type: 'stage:start'; scenario: Scenario; stage: Stage; kind: StepKind }
  | { type: 'step:start'; scenario: Scenario; stage: Stage; step: Step; index: number; kind: StepKind }
  | { type: 'step:end'; scenario: Scenario; stage: Stage; step: Step; index: number; kind: StepKind; result: StepResult }
  | { type: 'stage:end'; scenario: Scenario; stage: Stage; kind: StepKind; ok: boolean; durationMs: number }
  | { type: 'scenario:end'; scenario: Scenario; kind: StepKind; ok: boolean; durationMs: number };

export type EventListener = (event: EngineEvent) => void;
