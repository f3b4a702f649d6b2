import type { Command } from 'commander';
import { summary } from './summaries.js';
import { labCommand } from '../../nodes/lab/record.js';
import { nodeHealth } from '../../nodes/node-health.js';
import { providerFor } from '../../nodes/provider/index.js';
import { readProgress } from '../../nodes/progress.js';
import { currentLab } from '../lab-context.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(summary('status'))
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const lab = currentLab();
      const nodes = await nodeHealth(lab, providerFor(lab.topology.provider));
      const progress = readProgress(lab);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ lab: lab.id, nodes, progress })}\n`);
        return;
      }
      process.stdout.write(`lab "${lab.id}"${lab.record ? `, subnet ${lab.record.subnet}.0/24` : ' (not up)'}\n`);
      for (const n of nodes) process.stdout.write(`${n.name.padEnd(8)} ${n.state.padEnd(12)} ${n.ip.padEnd(16)}${n.ssh === false ? ` SSH does not answer: \`${labCommand(lab, 'up')}\` repairs it` : ''}\n`);
      for (const [scenario, p] of Object.entries(progress)) if (p.stage) process.stdout.write(`${scenario}: last stage whose checks passed: ${p.stage} (since ${p.since.slice(11, 19)} UTC)\n`);
    });
}
