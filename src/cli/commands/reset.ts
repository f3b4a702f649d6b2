import type { Command } from 'commander';
import { resetNodes } from '../../nodes/baseline.js';
import { clearProgress } from '../../nodes/progress.js';
import { asWriter, currentLab, withSession } from '../lab-session.js';

export function registerReset(program: Command): void {
  program
    .command('reset')
    .description('put both nodes back to the baseline recorded at `lab up` (fast), and prove it')
    .action(() => {
      const lab = currentLab();
      return asWriter(lab, () =>
        withSession(async (s) => {
          const r = await resetNodes(s.lab, s.nodes, s.nodeNames);
          clearProgress(s.lab);
          const restarted = r.restarted.length ? `; dockerd restarted on ${r.restarted.join(', ')}` : '';
          process.stdout.write(`lab "${lab.id}" is at baseline (${(r.durationMs / 1000).toFixed(1)}s${restarted})\n`);
        }, lab),
      );
    });
}
