import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { summary } from './summaries.js';
import { color } from 'listr2';
import { UsageError } from '../../errors.js';
import { formatHint, resolveScenarioFile } from '../../scenario/files.js';
import { lintFile } from '../../scenario/lint.js';
import { scenarioContext } from '../lab-context.js';

/** Files, folders (their .yaml files) or scenario names → the files to lint. */
function expand(arg: string): string[] {
  if (existsSync(arg) && statSync(arg).isDirectory()) {
    const files = readdirSync(arg).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(arg, f));
    if (files.length === 0) throw new UsageError(`no .yaml file in ${arg}`, '`lab new NAME` writes a scenario to start from');
    return files;
  }
  return [resolveScenarioFile(arg)];
}

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description(summary('lint'))
    .argument('<path...>', 'scenario files, folders of them, or scenario names')
    .option('--strict', 'warnings fail too (exit 2)')
    .action((paths: string[], opts: { strict?: boolean }) => {
      const ctx = scenarioContext();
      const results = paths.flatMap(expand).map((f) => lintFile(f, ctx));
      for (const r of results) {
        for (const i of r.errors) process.stdout.write(`${i.file}:${i.line}:${i.col}: ${color.red('error')}: ${i.message}\n`);
        for (const i of r.warnings) process.stdout.write(`${i.file}:${i.line}:${i.col}: ${color.yellow('warning')}: ${i.message}\n`);
      }
      const errors = results.reduce((n, r) => n + r.errors.length, 0);
      const warnings = results.reduce((n, r) => n + r.warnings.length, 0);
      const summary = `${results.length} file${results.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
      if (errors > 0 || (opts.strict && warnings > 0)) {
        throw new UsageError(`lint: ${summary}`, `fix the lines above; ${formatHint()}`);
      }
      process.stdout.write(`lint: ${summary}\n`);
    });
}
