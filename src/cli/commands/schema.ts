import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../scenario/schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the scenario JSON Schema (published as schema/scenario.schema.json)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });
}
