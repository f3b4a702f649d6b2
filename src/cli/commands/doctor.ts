import type { Command } from 'commander';
import { summary } from './summaries.js';
import { color } from 'listr2';
import { EnvironmentError } from '../../errors.js';
import { commonHostFindings, nodeFindings } from '../../nodes/doctor.js';
import { nodeHealth } from '../../nodes/node-health.js';
import { providerFor } from '../../nodes/provider/index.js';
import { currentLab } from '../lab-context.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(summary('doctor'))
    .action(async () => {
      const lab = currentLab();
      const provider = providerFor(lab.topology.provider);
      const findings = [...(await commonHostFindings()), ...(await provider.hostFindings(lab)), ...(lab.record ? nodeFindings(lab, await nodeHealth(lab, provider)) : [])];
      for (const f of findings) {
        process.stdout.write(`${f.ok ? color.green('✓') : color.red('✗')} ${f.what}${f.fix ? `\n    fix: ${f.fix}` : ''}\n`);
      }
      const problems = findings.filter((f) => !f.ok).length;
      if (problems) throw new EnvironmentError(`${problems} problem(s) found`, 'apply the fixes above, then run `lab doctor` again');
      process.stdout.write('no problem found\n');
    });
}
