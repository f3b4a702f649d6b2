import type { Command } from 'commander';
import { nodeStatus } from '../../nodes/lifecycle.js';
import { readProgress } from '../../nodes/progress.js';
import { loadTopology } from '../../nodes/topology.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("each node's name, state and IP")
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const nodes = await nodeStatus(loadTopology());
      const progress = readProgress();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ nodes, progress })}\n`);
        return;
      }
      for (const n of nodes) process.stdout.write(`${n.name.padEnd(8)} ${n.state.padEnd(12)} ${n.ip}\n`);
      for (const [scenario, stage] of Object.entries(progress)) process.stdout.write(`${scenario}: last stage whose checks passed: ${stage}\n`);
    });
}
