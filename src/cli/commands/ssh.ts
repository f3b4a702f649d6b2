import type { Command } from 'commander';
import { connect } from 'node:net';
import { execa } from 'execa';
import { EnvironmentError, UsageError } from '../../errors.js';
import { cachedSshEntries } from '../../nodes/ssh-config-cache.js';
import { currentLab } from '../lab-session.js';

export function registerSsh(program: Command): void {
  program
    .command('ssh')
    .description('a shell on a node, or one command (its exit code is passed through)')
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
        throw new EnvironmentError(`cannot reach ${node} over SSH (${entry.hostName}:${entry.port})`, `\`lab status${lab.named ? ` --lab ${lab.id}` : ''}\` shows the nodes; \`lab up${lab.named ? ` --lab ${lab.id}` : ''}\` restarts or repairs them`);
      }
      process.exitCode = r.exitCode ?? 255;
    });
}

/** True when something speaking SSH answers on host:port within 5 s (its banner starts with SSH-). */
function sshAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(5_000, () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('SSH-')));
    socket.once('error', () => done(false));
    socket.once('end', () => done(false));
  });
}
