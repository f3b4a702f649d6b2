import { rmSync } from 'node:fs';
import type { Command } from 'commander';
import { summary } from './summaries.js';
import { EnvironmentError } from '../../errors.js';
import { lockHolder } from '../../nodes/lab/lock.js';
import { providerFor } from '../../nodes/provider/index.js';
import { asWriter, currentLab } from '../lab-context.js';

export function registerDown(program: Command): void {
  program
    .command('down')
    .description(summary('down'))
    .option('--force', 'stop the command holding the lab (if any) and take it down anyway')
    .action(async (opts: { force?: boolean }) => {
      const lab = currentLab();
      const holder = lockHolder(lab.files.lock);
      if (opts.force && holder && holder.pid !== process.pid) {
        process.stderr.write(`lab: stopping \`${holder.command}\` (pid ${holder.pid}), which holds lab "${lab.id}"\n`);
        try {
          process.kill(holder.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
      const started = Date.now();
      const provider = providerFor(lab.record?.provider ?? lab.topology.provider);
      const left = await asWriter(lab, () => provider.destroy(lab));
      rmSync(lab.files.dir, { recursive: true, force: true });
      const remaining = [...left.containers, ...left.networks, ...left.volumes];
      if (remaining.length) {
        throw new EnvironmentError(`lab down left these behind: ${remaining.join(', ')}`, `remove them by hand: docker rm -f / docker network rm / docker volume rm`);
      }
      process.stdout.write(`lab "${lab.id}" is down: no container, network or volume of it carries lab.id=${lab.id} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
    });
}
