import type { EngineEvent, StepKind, StepResult } from '../engine/events.js';
import type { ExecResult } from '../engine/nodes.js';
import type { FailedLine } from '../engine/script.js';
import type { Action, Stage, Step } from '../scenario/model.js';
import { displayCommand } from '../engine/step.js';
import { redact } from './redact.js';

/**
 * Everything a run did, collected from engine events, with secrets redacted: the one structure the
 * JSON, JUnit and Markdown reports are rendered from. Consecutive runs of the same scenario (the
 * self-test runs checks, solution, checks per stage) are merged into one run and one entry per stage.
 */
export interface TranscriptStep {
  kind: StepKind;
  title: string;
  /** The scenario gave the title; else it is the command (a handout shows neither). */
  titled: boolean;
  node: string;
  action: Action['kind'];
  command: string;
  location: string;
  seed?: string;
  expected: string;
  ok: boolean;
  exitCode: number | null;
  /** stdout and stderr in the order they arrived (when the transport tells), else stdout then stderr. */
  output: string;
  /** The texts the expectation searches for: what a handout points at in the output. */
  needles: string[];
  mismatches: { property: string; expected: string; found: string }[];
  attempts: number;
  /** A retried step: its first attempt, which did not count. */
  firstAttempt?: { exitCode: number | null; output: string; mismatches: { property: string; expected: string; found: string }[] };
  failedLines: FailedLine[];
  durationMs: number;
}

/** A stage's check as the scenario states it (what `lab check` will verify). */
export interface TranscriptCheck {
  title: string;
  titled: boolean;
  node: string;
  command: string;
  expected: string;
}

export interface TranscriptStage {
  scenario: string;
  id: string;
  title: string;
  goal?: string;
  hint?: string;
  errata?: string;
  checks: TranscriptCheck[];
  ok: boolean;
  durationMs: number;
  steps: TranscriptStep[];
}

export interface TranscriptRun {
  scenario: string;
  title: string;
  source?: string;
  description?: string;
  kinds: StepKind[];
  ok: boolean;
  durationMs: number;
  stages: TranscriptStage[];
}

export class Transcript {
  readonly runs: TranscriptRun[] = [];
  readonly startedAt = new Date();
  /** Checks run before a solution, held until the stage ends and folded into one verdict. */
  private prechecks: TranscriptStep[] = [];

  listener = (e: EngineEvent): void => {
    switch (e.type) {
      case 'scenario:start': {
        const last = this.runs.at(-1);
        if (last?.scenario === e.scenario.name) {
          if (!last.kinds.includes(e.kind)) last.kinds.push(e.kind);
        } else {
          this.runs.push({ scenario: e.scenario.name, title: e.scenario.title, source: e.scenario.source, description: e.scenario.description, kinds: [e.kind], ok: true, durationMs: 0, stages: [] });
        }
        break;
      }
      case 'stage:start': {
        const run = this.current();
        if (run.stages.at(-1)?.id !== e.stage.id) {
          run.stages.push(toStage(e.scenario.name, e.stage));
        }
        break;
      }
      case 'step:end': {
        const step = toStep(e.kind, e.step, e.result);
        if (e.kind === 'precheck') this.prechecks.push(step);
        else this.currentStage().steps.push(step);
        break;
      }
      case 'stage:end': {
        const stage = this.currentStage();
        if (e.kind === 'precheck') stage.steps.push(foldPrechecks(this.prechecks.splice(0), !e.ok));
        stage.durationMs += e.durationMs;
        stage.ok = stage.steps.every((s) => s.ok);
        break;
      }
      case 'scenario:end': {
        const run = this.current();
        run.durationMs += e.durationMs;
        run.ok = run.stages.every((s) => s.ok) && (e.kind === 'precheck' || e.ok);
        break;
      }
    }
  };

  get ok(): boolean {
    return this.runs.every((r) => r.ok);
  }

  private current(): TranscriptRun {
    return this.runs[this.runs.length - 1]!;
  }

  private currentStage(): TranscriptStage {
    return this.current().stages.at(-1)!;
  }
}

/** One verdict for a stage's checks run before its solution: they must not all pass. */
function foldPrechecks(checks: TranscriptStep[], failedAsRequired: boolean): TranscriptStep {
  return {
    kind: 'precheck',
    title: 'before the solution, the checks fail',
    titled: true,
    node: [...new Set(checks.map((c) => c.node))].join(','),
    action: 'run',
    command: checks.map((c) => c.command).join('\n'),
    location: checks[0]?.location ?? '',
    expected: 'at least one check fails',
    ok: failedAsRequired,
    exitCode: null,
    output: checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.title}`).join('\n'),
    needles: [],
    failedLines: [],
    mismatches: failedAsRequired ? [] : [{ property: 'checks', expected: 'at least one check to fail before the solution', found: 'every check passed: the checks do not test this stage' }],
    attempts: 1,
    durationMs: checks.reduce((t, c) => t + c.durationMs, 0),
  };
}

function toStage(scenario: string, stage: Stage): TranscriptStage {
  const checks = stage.checks.map((c) => ({ title: c.title, titled: c.titled, node: c.node, command: redact(displayCommand(c.action)), expected: describeExpectation(c) }));
  return { scenario, id: stage.id, title: stage.title, goal: stage.goal, hint: stage.hint, errata: stage.errata, checks, ok: true, durationMs: 0, steps: [] };
}

function toStep(kind: StepKind, step: Step, r: StepResult): TranscriptStep {
  const e = step.expect;
  const needles = [e.output, e.stdout, e.stderr].flatMap((m) => [m?.contains ?? []].flat());
  return {
    kind,
    title: step.title,
    titled: step.titled,
    node: step.node,
    action: step.action.kind,
    command: redact(r.command),
    location: step.location,
    seed: step.seed,
    expected: describeExpectation(step),
    ok: r.ok,
    exitCode: r.exec.code,
    output: redact(orderedOutput(r.exec)),
    needles,
    mismatches: redactAll(r.mismatches),
    attempts: r.attempts,
    firstAttempt: r.firstAttempt && { exitCode: r.firstAttempt.exec.code, output: redact(orderedOutput(r.firstAttempt.exec)), mismatches: redactAll(r.firstAttempt.mismatches) },
    failedLines: r.failedLines.map((f) => ({ ...f, command: redact(f.command) })),
    durationMs: r.durationMs,
  };
}

function redactAll(ms: { property: string; expected: string; found: string }[]) {
  return ms.map((m) => ({ ...m, found: redact(m.found) }));
}

/** What a terminal would have shown: stdout and stderr interleaved as they came, when known. */
export function orderedOutput(exec: ExecResult): string {
  if (exec.chunks?.length) return exec.chunks.map((c) => c.text).join('').replace(/\s+$/, '');
  return [exec.stdout, exec.stderr].filter(Boolean).join('\n');
}

/** The expectation in words: "fails with …", "succeeds, output matches …". */
export function describeExpectation(step: Step): string {
  const e = step.expect;
  const exit = e.exit ?? 0;
  const parts = [exit === 'nonzero' ? 'fails' : exit === 0 ? 'succeeds' : exit === 'any' ? 'any exit' : `exits ${exit}`];
  for (const [name, m] of [['output', e.output], ['stdout', e.stdout], ['stderr', e.stderr]] as const) {
    if (!m) continue;
    const alts = (v: string | string[]) => (Array.isArray(v) ? v.map((x) => `"${x}"`).join(' or ') : `"${v}"`);
    if (m.contains) parts.push(`${name} contains ${alts(m.contains)}`);
    if (m.matches) parts.push(`${name} matches ${alts(m.matches)}`);
    if (m.not_contains) parts.push(`${name} lacks ${alts(m.not_contains)}`);
  }
  return parts.join(', ');
}
