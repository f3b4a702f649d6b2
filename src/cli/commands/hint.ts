import type { Command } from 'commander';
import { summary } from './summaries.js';
import { loadScenario } from '../../scenario/load.js';
import { scenarioContext } from '../lab-context.js';
import { findStage } from '../stage-arg.js';

export function registerHint(program: Command): void {
  program
    .command('hint')
    .description(summary('hint'))
    .argument('<scenario>', 'scenario name or path')
    .argument('<stage>', 'stage id or number')
    .action((name: string, stageArg: string) => {
      const scenario = loadScenario(name, scenarioContext());
      const stage = findStage(scenario, stageArg);
      const lines = [`${scenario.name} / ${stage.id}: ${stage.title}`];
      if (stage.goal) lines.push(`goal: ${stage.goal}`);
      lines.push(`hint: ${stage.hint ?? 'no hint for this stage: `lab solve` shows the solution step by step'}`);
      if (stage.errata) lines.push(`seed erratum: ${stage.errata.trim()}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
