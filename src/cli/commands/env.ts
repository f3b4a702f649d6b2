import type { Command } from 'commander';
import { summary } from './summaries.js';
import { requireRecord } from '../../nodes/lab/record.js';
import { vagrantEnv } from '../../nodes/provider/vagrant-env.js';
import { shellQuote } from '../../engine/nodes.js';
import { currentLab } from '../lab-context.js';

export function registerEnv(program: Command): void {
  program
    .command('env')
    .description(summary('env'))
    .action(() => {
      const lab = currentLab();
      for (const [k, v] of Object.entries(vagrantEnv(lab, requireRecord(lab)))) process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
    });
}
