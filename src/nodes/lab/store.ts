import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { config, type ZodMiniType } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { StateError } from '../../errors.js';

// zod/mini has no messages of its own: a damaged state file says what was expected, in English.
config(en());

/**
 * State files: JSON validated when read, written atomically (a temporary file renamed over the
 * old one), so a crash or Ctrl-C never leaves half a file and a damaged one is named, not parsed.
 */
export function readState<T>(file: string, schema: ZodMiniType<T>): T | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StateError(file, (error as Error).message);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new StateError(file, parsed.error.issues.map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Like readState, but a damaged file is only a lost cache: it counts as absent. */
export function readCache<T>(file: string, schema: ZodMiniType<T>): T | undefined {
  try {
    return readState(file, schema);
  } catch (error) {
    if (error instanceof StateError) return undefined;
    throw error;
  }
}

export function writeState(file: string, data: unknown): void {
  writeText(file, `${JSON.stringify(data, null, 2)}\n`);
}

export function writeText(file: string, text: string, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, mode === undefined ? undefined : { mode });
  renameSync(tmp, file);
}

export function removeState(file: string): void {
  rmSync(file, { force: true, recursive: true });
}

/** Empties a lab's folder but for its lock, which the command doing this still holds. */
export function clearLabDir(dir: string, keep = 'lock'): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) if (entry !== keep) rmSync(join(dir, entry), { force: true, recursive: true });
}
