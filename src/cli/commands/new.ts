import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { summary } from './summaries.js';
import { UsageError } from '../../errors.js';
import { projectRoot } from '../../paths.js';
import { skeleton } from '../../scenario/skeleton.js';

export function registerNew(program: Command): void {
  program
    .command('new')
    .description(summary('new'))
    .argument('<name>', 'scenario name (lower-case, dashes), or a path ending in .yaml')
    .option('--force', 'overwrite an existing file')
    .action((arg: string, opts: { force?: boolean }) => {
      const file = resolve(arg.endsWith('.yaml') ? arg : `${arg}.yaml`);
      const name = basename(file, '.yaml');
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
        throw new UsageError(`"${name}" is not a scenario name: lower-case letters, digits and dashes, starting with a letter or digit`, `e.g. lab new registry-auth`);
      }
      if (existsSync(file) && !opts.force) throw new UsageError(`${arg.endsWith('.yaml') ? arg : `${arg}.yaml`} exists already`, 'choose another name, or add --force to overwrite it');
      // Relative inside lab's own folder (it moves with it), absolute for a trainer's folder elsewhere.
      const schema = join(projectRoot, 'schema/scenario.schema.json');
      const schemaRef = file.startsWith(projectRoot) ? relative(dirname(file), schema) : schema;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, skeleton(name, schemaRef));
      const shown = relative(process.cwd(), file);
      process.stdout.write(`wrote ${shown}\nnext: edit it, then \`lab lint ${shown}\`, \`lab run ${shown}\`, \`lab test ${shown}\`\n`);
    });
}
