import type { EngineEvent, StepKind, StepResult } from '../engine/events.js';
import type { Step } from '../scenario/model.js';
import { redact } from './redact.js';

/**
 * Everything a run did, collected from engine events, with secrets redacted: the one structure the
 * JSON, JUnit and Markdown reports are rendered from. Consecutive runs of the same scenario (the
 * self-test runs checks, solution, checks per stage) are merged into one run and one entry per stage.
 */
export interface TranscriptStep {
  kind: StepKind;
  title: string;
  node: string;
  command: string;
  location: string;
  seed?: string;
  expected: string;
  ok: boolean;
  exitCode: number | null;
  output: string;
  mismatches: { property: string; expected: string; found: string }[];
  attempts: number;
  durationMs: number;
}

export interface TranscriptStage {
  scenario: string;
  id: string;
  title: string;
  goal?: string;
  errata?: string;
  ok: boolean;
  durationMs: number;
  steps: TranscriptStep[];
}

export interface TranscriptRun {
  scenario: string;
  title: string;
  source?: string;
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
          this.runs.push({ scenario: e.scenario.name, title: e.scenario.title, source: e.scenario.source, kinds: [e.kind], ok: true, durationMs: 0, stages: [] });
        }
        break;
      }
      case 'stage:start': {
        const run = this.current();
        if (run.stages.at(-1)?.id !== e.stage.id) {
          run.stages.push({ scenario: e.scenario.name, id: e.stage.id, title: e.stage.title, goal: e.stage.goal, errata: e.stage.errata, ok: true, durationMs: 0, steps: [] });
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
    node: [...new Set(checks.map((c) => c.node))].join(','),
    command: checks.map((c) => c.command).join('\n'),
    location: checks[0]?.location ?? '',
    expected: 'at least one check fails',
    ok: failedAsRequired,
    exitCode: null,
    output: checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.title}`).join('\n'),
    mismatches: failedAsRequired ? [] : [{ property: 'checks', expected: 'at least one check to fail before the solution', found: 'every check passed: the checks do not test this stage' }],
    attempts: 1,
    durationMs: checks.reduce((t, c) => t + c.durationMs, 0),
  };
}

function toStep(kind: StepKind, step: Step, r: StepResult): TranscriptStep {
  return {
    kind,
    title: step.title,
    node: step.node,
    command: redact(r.command),
    location: step.location,
    seed: step.seed,
    expected: describeExpectation(step),
    ok: r.ok,
    exitCode: r.exec.code,
    output: redact([r.exec.stdout, r.exec.stderr].filter(Boolean).join('\n')),
    mismatches: r.mismatches.map((m) => ({ ...m, found: redact(m.found) })),
    attempts: r.attempts,
    durationMs: r.durationMs,
  };
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
