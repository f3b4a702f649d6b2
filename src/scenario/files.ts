import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { UsageError } from '../errors.js';
import { projectRoot } from '../paths.js';
import { scenarioDirs } from './catalog.js';
import { suggestKey } from './suggest.js';

/**
 * Scenario files by name: finding them needs neither the YAML parser nor the schema, so the
 * commands that only name a scenario stay light.
 */

/** The scenario names found in `dirs` (see catalog.ts), each once. */
export function listScenarioNames(dirs: readonly string[] = scenarioDirs()): string[] {
  const names = dirs.flatMap((dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')) : []));
  return [...new Set(names)].sort();
}

/** A scenario name (tls-selfsigned) or a path to a .yaml file → the file to read. */
export function resolveScenarioFile(nameOrPath: string, dirs: readonly string[] = scenarioDirs()): string {
  if (/\.ya?ml$/.test(nameOrPath) || nameOrPath.includes('/')) {
    if (!existsSync(nameOrPath)) throw new UsageError(`no such scenario file: ${nameOrPath}`);
    return nameOrPath;
  }
  const file = dirs.map((dir) => join(dir, `${nameOrPath}.yaml`)).find((f) => existsSync(f));
  if (!file) {
    const names = listScenarioNames(dirs);
    const near = suggestKey(nameOrPath, names);
    throw new UsageError(
      `unknown scenario "${nameOrPath}"${near ? ` (did you mean ${near}?)` : ''}`,
      `available scenarios: ${names.join(', ') || '(none)'}; \`lab list\` shows their stages; your own folder: --scenarios DIR or LAB_SCENARIOS=DIR`,
    );
  }
  return file;
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Where the format is described, as paths that work from the user's folder. */
export function formatHint(): string {
  return `the format: ${displayPath(join(projectRoot, 'docs/scenarios.md'))}, JSON Schema ${displayPath(join(projectRoot, 'schema/scenario.schema.json'))} (or \`lab schema\`)`;
}

