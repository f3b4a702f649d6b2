import type { Command } from 'commander';
import { color } from 'listr2';
import { EnvironmentError } from '../../errors.js';
import { diagnoseHost } from '../../nodes/doctor.js';
import { loadTopology } from '../../nodes/topology.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check Docker, Vagrant, debootstrap, capabilities and known breakages; one line per problem with its fix')
    .action(async () => {
      const findings = await diagnoseHost(loadTopology());
      for (const f of findings) {
        process.stdout.write(`${f.ok ? color.green('✓') : color.red('✗')} ${f.what}${f.fix ? `\n    fix: ${f.fix}` : ''}\n`);
      }
      const problems = findings.filter((f) => !f.ok).length;
      if (problems) throw new EnvironmentError(`${problems} problem(s) found`, 'apply the fixes above, then run `lab doctor` again');
      process.stdout.write('no problem found\n');
    });
}
