import type { EngineEvent, StepKind, StepResult } from '../engine/events.js';
import type { Step } from '../scenario/model.js';
import { redact } from './redact.js';

/**
 * Everything a run did, collected from engine events, with secrets redacted: the one structure the
 * JSON, JUnit and Markdown reports are rendered from.
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
  ok: boolean | null;
  durationMs: number;
  steps: TranscriptStep[];
}

export interface TranscriptRun {
  scenario: string;
  title: string;
  source?: string;
  kind: StepKind;
  ok: boolean | null;
  durationMs: number;
  stages: TranscriptStage[];
}

export class Transcript {
  readonly runs: TranscriptRun[] = [];
  readonly startedAt = new Date();

  listener = (e: EngineEvent): void => {
    switch (e.type) {
      case 'scenario:start':
        this.runs.push({ scenario: e.scenario.name, title: e.scenario.title, source: e.scenario.source, kind: e.kind, ok: null, durationMs: 0, stages: [] });
        break;
      case 'stage:start':
        this.current().stages.push({ scenario: e.scenario.name, id: e.stage.id, title: e.stage.title, goal: e.stage.goal, errata: e.stage.errata, ok: null, durationMs: 0, steps: [] });
        break;
      case 'step:end':
        this.currentStage().steps.push(toStep(e.kind, e.step, e.result));
        break;
      case 'stage:end':
        Object.assign(this.currentStage(), { ok: e.ok, durationMs: e.durationMs });
        break;
      case 'scenario:end':
        Object.assign(this.current(), { ok: e.ok, durationMs: e.durationMs });
        break;
    }
  };

  get ok(): boolean {
    return this.runs.every((r) => r.ok === true);
  }

  private current(): TranscriptRun {
    return this.runs[this.runs.length - 1]!;
  }

  private currentStage(): TranscriptStage {
    const stages = this.current().stages;
    return stages[stages.length - 1]!;
  }
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
