import type { Command } from 'commander';
import { summary } from '../summaries.js';
import { registerClassDown } from './down.js';
import { registerClassEachLab } from './each-lab.js';
import { registerClassServe } from './serve.js';
import { registerClassStatus } from './status.js';
import { registerClassUp } from './up.js';

/** `lab class …`: a loop over the labs of a class; no engine of its own. */
export function registerClass(program: Command): void {
  const cls = program.command('class').description(summary('class'));
  for (const register of [registerClassUp, registerClassStatus, registerClassEachLab, registerClassServe, registerClassDown]) register(cls);
}
