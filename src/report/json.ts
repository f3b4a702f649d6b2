import type { Transcript } from './transcript.js';

export function renderJson(t: Transcript): string {
  return JSON.stringify({ startedAt: t.startedAt.toISOString(), ok: t.ok, runs: t.runs }, null, 2) + '\n';
}
