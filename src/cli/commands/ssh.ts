import type { Command } from 'commander';
import { execa } from 'execa';
import { UsageError } from '../../errors.js';
import { cachedSshConfig, sshConfigFile } from '../../nodes/ssh-config-cache.js';
import { loadTopology } from '../../nodes/topology.js';

export function registerSsh(program: Command): void {
  program
    .command('ssh')
    .description('a shell on a node, or one command (its exit code is passed through)')
    .argument('<node>', 'node1 or node2')
    .argument('[command...]', 'command to run (after --)')
    .action(async (node: string, command: string[]) => {
      const names = loadTopology().nodes.map((n) => n.name);
      if (!names.includes(node)) throw new UsageError(`unknown node "${node}"`, `nodes: ${names.join(', ')}`);
      cachedSshConfig(); // throws "the lab is not up" when there is no cache
      const args = ['-F', sshConfigFile(), ...(command.length ? [] : ['-t']), node, ...command];
      const r = await execa('ssh', args, { stdio: 'inherit', reject: false });
      process.exitCode = r.exitCode ?? 255;
    });
}
