import type { Command } from 'commander';
import { removeClass, requireRoster, saveRoster, selectStudents } from '../../../nodes/lab/roster.js';
import { concludeFanOut, fanOut } from '../../class/fan-out.js';
import { classOptions, type ClassOptions } from './options.js';

export function registerClassDown(cls: Command): void {
  classOptions(cls.command('down'))
    .description('lab down in every lab of the class (each proves nothing is left), then forget the class')
    .option('--force', 'stop whatever command holds a lab')
    .action(async (opts: ClassOptions & { force?: boolean }) => {
      const roster = requireRoster(opts.class);
      const students = selectStudents(roster, opts.only);
      const outcomes = await fanOut(roster, students, 'down', () => ['down', ...(opts.force ? ['--force'] : [])], opts.parallel);
      const gone = new Set(outcomes.filter((o) => o.exitCode === 0).map((o) => o.student.name));
      const rest = roster.students.filter((s) => !gone.has(s.name));
      if (rest.length === 0) removeClass(roster.name);
      else saveRoster({ ...roster, students: rest });
      concludeFanOut('down', outcomes);
      process.stdout.write(rest.length === 0 ? `class "${roster.name}" is down: ${outcomes.length} labs removed, nothing left carrying their ids\n` : `class "${roster.name}": ${rest.length} labs left\n`);
    });
}
