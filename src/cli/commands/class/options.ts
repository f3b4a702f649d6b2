import type { Command } from 'commander';
import { defaultParallel } from '../../class/fan-out.js';

/** The options every `lab class` subcommand shares. */
export interface ClassOptions {
  class: string;
  only?: string;
  parallel: number;
}

export function classOptions(cmd: Command, { only = true } = {}): Command {
  cmd.option('--class <name>', 'the class (several can share a host)', 'class');
  if (only) cmd.option('--only <names>', 'only these students (comma-separated names or lab ids)');
  return cmd.option('--parallel <n>', 'labs at a time', (v) => Number.parseInt(v, 10), defaultParallel());
}
