import * as z from 'zod/mini'; // the light build: every command reads state files
import type { Lab } from './lab/record.js';
import { readCache, writeState } from './lab/store.js';

/**
 * Per scenario, the last stage whose checks passed (by `lab check`, `lab solve`, `lab run` or
 * `lab class status`) and since when, so `lab check` knows where a student is and the trainer
 * sees how long they have been on their stage. A cache: a damaged file counts as no progress.
 */
const Entry = z.object({ stage: z.optional(z.string()), since: z.string() });
export type ProgressEntry = z.infer<typeof Entry>;
const Progress = z.record(z.string(), Entry);

export function readProgress(lab: Lab): Record<string, ProgressEntry> {
  return readCache(lab.files.progress, Progress) ?? {};
}

export function recordProgress(lab: Lab, scenario: string, stage: string | undefined, now = new Date()): void {
  const all = readProgress(lab);
  if (all[scenario]?.stage === stage && all[scenario]) return;
  all[scenario] = { stage, since: now.toISOString() };
  writeState(lab.files.progress, all);
}

/** Everything back to the start (reset): every scenario's clock starts now. */
export function clearProgress(lab: Lab): void {
  writeState(lab.files.progress, {});
}
