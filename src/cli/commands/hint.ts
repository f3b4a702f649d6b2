import type { Command } from 'commander';
import { summary } from './summaries.js';
import { openScenario } from '../../scenario/open.js';
import { hintText } from '../hint-text.js';
import { scenarioContext } from '../lab-context.js';
import { findStage } from '../stage-arg.js';

export function registerHint(program: Command): void {
  program
    .command('hint')
    .description(summary('hint'))
    .argument('<scenario>', 'scenario name or path')
    .argument('<stage>', 'stage id or number')
    .option('--solution', "the stage's solution, command by command")
    .action(async (name: string, stageArg: string, opts: { solution?: boolean }) => {
      const ctx = scenarioContext();
      const scenario = await openScenario(name, ctx);
      const stage = findStage(scenario, stageArg);
      process.stdout.write(`${hintText(scenario, stage, ctx.lang ?? 'en', opts.solution ?? false)}\n`);
    });
}
