import type { Command } from 'commander';
import { EnvironmentError } from '../../errors.js';
import { destroyLab } from '../../nodes/lifecycle.js';
import { loadTopology } from '../../nodes/topology.js';

export function registerDown(program: Command): void {
  program
    .command('down')
    .description('destroy the nodes and everything the lab created, and prove nothing is left')
    .action(async () => {
      const t = loadTopology();
      const started = Date.now();
      const left = await destroyLab(t);
      const remaining = [...left.containers, ...left.networks, ...left.volumes];
      if (remaining.length) {
        throw new EnvironmentError(`lab down left these behind: ${remaining.join(', ')}`, `remove them by hand: docker rm -f / docker network rm / docker volume rm`);
      }
      process.stdout.write(`lab is down: no container, network or volume carries lab.id=${t.id} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
    });
}
