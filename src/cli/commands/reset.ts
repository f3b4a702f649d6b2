import type { Command } from 'commander';
import { summary } from './summaries.js';
import { resetNodes } from '../../nodes/baseline.js';
import { clearProgress } from '../../nodes/progress.js';
import { asWriter, currentLab } from '../lab-context.js';
import { withSession } from '../lab-session.js';

export function registerReset(program: Command): void {
  program
    .command('reset')
    .description(summary('reset'))
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
