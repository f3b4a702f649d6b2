import type { Command } from 'commander';
import { summary } from './summaries.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(summary('schema'))
    .action(() => {
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });
}
