import type { Command } from 'commander';
import { requireRoster, selectStudents } from '../../../nodes/lab/roster.js';
import { concludeFanOut, fanOut } from '../../class/fan-out.js';
import { classOptions, type ClassOptions } from './options.js';

/** `lab class run|test|reset|solve`: the lab command of that name, in every student's lab. */
export function registerClassEachLab(cls: Command): void {
  const each = async (verb: string, args: string[], opts: ClassOptions) => {
    const roster = requireRoster(opts.class);
    concludeFanOut(verb, await fanOut(roster, selectStudents(roster, opts.only), verb, () => args, opts.parallel));
  };
  const host = (opts: { allowHost?: boolean }) => (opts.allowHost ? ['--allow-host'] : []);
  classOptions(cls.command('run'))
    .description('lab run SCENARIO… in every lab')
    .argument('<scenario...>')
    .option('--allow-host', 'let the scenarios run their `on: host` steps on this machine')
    .action((names: string[], opts: ClassOptions & { allowHost?: boolean }) => each('run', ['run', ...names, '--plain', ...host(opts)], opts));
  classOptions(cls.command('test'))
    .description("lab test SCENARIO… (the self-test) in every lab")
    .argument('<scenario...>')
    .option('--allow-host', 'let the scenarios run their `on: host` steps on this machine')
    .action((names: string[], opts: ClassOptions & { allowHost?: boolean }) => each('test', ['test', ...names, ...host(opts)], opts));
  classOptions(cls.command('reset'))
    .description('lab reset in every lab')
    .action((opts: ClassOptions) => each('reset', ['reset'], opts));
  classOptions(cls.command('solve'))
    .description('lab solve SCENARIO --to STAGE in every lab (catch a class up)')
    .argument('<scenario>')
    .requiredOption('--to <stage>', 'last stage to solve')
    .option('--allow-host', 'let the scenario run its `on: host` steps on this machine')
    .action((name: string, opts: ClassOptions & { to: string; allowHost?: boolean }) => each('solve', ['solve', name, '--to', opts.to, '--plain', ...host(opts)], opts));
}
