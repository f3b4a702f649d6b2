import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../paths.js';
import * as z from 'zod/mini';
import { readCache, writeText } from '../nodes/lab/store.js';
import { displayPath, resolveScenarioFile } from './files.js';
import type { LoadContext } from './load.js';
import type { Scenario } from './model.js';

/**
 * What the commands load scenarios with: the scenario as `loadScenario` makes it, kept in the
 * host's cache (`$LAB_CACHE/scenarios/`) under a key of everything it is made from — the file's
 * text, the path it is shown by, the context (nodes, variables, language) and this build of lab.
 * A file edited, another lab's addresses or a new build of lab each make a new key; only a file
 * that loaded without a problem is kept. A hit needs neither the YAML parser nor the schema
 * (0.25 s of `lab list` on the 5 shipped scenarios); a miss loads them and reports problems as always.
 */
export async function openScenario(nameOrPath: string, ctx: LoadContext, dirs?: readonly string[]): Promise<Scenario> {
  const file = resolveScenarioFile(nameOrPath, dirs);
  const text = readFileSync(file, 'utf8');
  const shown = displayPath(file);
  const key = createHash('sha256').update(JSON.stringify([buildId(), shown, ctx.nodes, ctx.variables, ctx.lang ?? 'en', text])).digest('hex');
  // One entry per file and context, rewritten when its key changes: the cache does not grow with edits.
  const entry = join(cacheDir(), 'scenarios', `${createHash('sha256').update(JSON.stringify([file, ctx])).digest('hex').slice(0, 24)}.json`);
  const hit = cached(entry, key);
  if (hit) return hit;
  const { parseScenario } = await import('./load.js');
  const scenario = parseScenario(text, shown, ctx);
  try {
    writeText(entry, JSON.stringify({ key, scenario }));
  } catch {
    // A read-only or full cache folder only costs the next command a parse.
  }
  return scenario;
}

/** The entry's scenario when its key is this one; an absent or damaged entry is only a lost cache. */
function cached(entry: string, key: string): Scenario | undefined {
  const data = readCache(entry, Entry);
  return data?.key === key ? (data.scenario as Scenario) : undefined;
}

// The scenario inside is this code's own output, written atomically under its key: not re-validated.
const Entry = z.object({ key: z.string(), scenario: z.unknown() });

let build: string | undefined;
/** This build of lab: the file holding this code is rewritten by every build (and every install). */
function buildId(): string {
  if (build === undefined) {
    const self = statSync(fileURLToPath(import.meta.url));
    build = `${self.mtimeMs}:${self.size}`;
  }
  return build;
}
