import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../paths.js';

/**
 * Per scenario, the last stage whose checks passed (by `lab check`, `lab solve` or `lab run`), so
 * `lab check` knows where a student is and `lab status` can say it. Cleared by `lab reset`.
 */
const file = () => join(stateDir(), 'progress.json');

export function readProgress(): Record<string, string> {
  return existsSync(file()) ? (JSON.parse(readFileSync(file(), 'utf8')) as Record<string, string>) : {};
}

export function recordProgress(scenario: string, stage: string | undefined): void {
  const all = readProgress();
  if (stage === undefined) delete all[scenario];
  else all[scenario] = stage;
  mkdirSync(stateDir(), { recursive: true });
  writeFileSync(file(), JSON.stringify(all, null, 2));
}

export function clearProgress(): void {
  if (existsSync(file())) writeFileSync(file(), '{}');
}
