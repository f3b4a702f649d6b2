import type { Command } from 'commander';
import { summary } from './summaries.js';
import { execa } from 'execa';
import { EnvironmentError, UsageError } from '../../errors.js';
import { labCommand } from '../../nodes/lab/record.js';
import { cachedSshEntries } from '../../nodes/ssh-config-cache.js';
import { sshAnswers } from '../../nodes/ssh-probe.js';
import { currentLab } from '../lab-context.js';

export function registerSsh(program: Command): void {
  program
    .command('ssh')
    .description(summary('ssh'))
    .argument('<node>', 'node1 or node2')
    .argument('[command...]', 'command to run (after --)')
    .action(async (node: string, command: string[]) => {
      const lab = currentLab();
      const names = lab.topology.nodes.map((n) => n.name);
      if (!names.includes(node)) throw new UsageError(`unknown node "${node}"`, `nodes: ${names.join(', ')}`);
      const entry = cachedSshEntries(lab).find((e) => e.host === node)!; // throws "not up" when there is none
      const args = ['-F', lab.files.sshConfig, ...(command.length ? [] : ['-t']), node, ...command];
      const r = await execa('ssh', args, { stdio: 'inherit', reject: false });
      // 255 is ssh's own failure (or the command's): when the node's sshd does not answer, say so.
      if (r.exitCode === 255 && !(await sshAnswers(entry.hostName, entry.port))) {
        throw new EnvironmentError(`cannot reach ${node} over SSH (${entry.hostName}:${entry.port})`, `\`${labCommand(lab, 'status')}\` shows the nodes; \`${labCommand(lab, 'up')}\` restarts or repairs them`);
      }
      process.exitCode = r.exitCode ?? 255;
    });
}

