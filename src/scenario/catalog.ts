import { existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { projectRoot } from '../paths.js';

/** The scenarios shipped with lab. */
export const shippedScenariosDir = join(projectRoot, 'scenarios');

let commandLineDirs: string[] = [];

/** `--scenarios DIR` (repeatable), set once by the CLI before a command runs. */
export function useScenarioDirs(dirs: readonly string[]): void {
  commandLineDirs = [...dirs];
}

/**
 * Where scenarios are found by name, first match wins: `--scenarios` folders, then `LAB_SCENARIOS`
 * (a path list, `:`-separated as PATH), then the shipped scenarios. A trainer's own folder can thus
 * hold new scenarios and override a shipped one of the same name.
 */
export function scenarioDirs(env: NodeJS.ProcessEnv = process.env, fromCommandLine: readonly string[] = commandLineDirs): string[] {
  const own = [
    ...fromCommandLine.map((d) => ({ d, from: '--scenarios' })),
    ...(env.LAB_SCENARIOS ?? '').split(delimiter).filter(Boolean).map((d) => ({ d, from: 'LAB_SCENARIOS' })),
  ];
  for (const { d, from } of own) {
    if (!existsSync(d) || !statSync(d).isDirectory()) {
      throw new UsageError(`no such scenario folder: ${d} (from ${from})`, `${from} takes folders holding NAME.yaml files; \`lab new NAME\` writes one`);
    }
  }
  return [...new Set([...own.map(({ d }) => resolve(d)), shippedScenariosDir])];
}
