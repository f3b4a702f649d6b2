import type { Command } from 'commander';
import { useScenarioDirs } from '../../scenario/catalog.js';
import { registerCheck } from './check.js';
import { registerClass } from './class/index.js';
import { registerDiagnose } from './diagnose.js';
import { registerDoctor } from './doctor.js';
import { registerDown } from './down.js';
import { registerEnv } from './env.js';
import { registerHint } from './hint.js';
import { registerImages } from './images.js';
import { registerLint } from './lint.js';
import { registerList } from './list.js';
import { registerNew } from './new.js';
import { registerReset } from './reset.js';
import { registerRun } from './run.js';
import { registerSchema } from './schema.js';
import { registerSolve } from './solve.js';
import { registerSsh } from './ssh.js';
import { registerStatus } from './status.js';
import { registerTest } from './test.js';
import { registerUp } from './up.js';

/** Every command lives in its own file; this is their table of contents. */
export function registerCommands(program: Command): void {
  for (const register of [registerUp, registerStatus, registerSsh, registerDown, registerEnv, registerDoctor, registerDiagnose, registerImages, registerList, registerRun, registerReset, registerCheck, registerHint, registerSolve, registerTest, registerSchema, registerNew, registerLint, registerClass]) {
    register(program);
  }
  // A trainer's own scenarios, found by name by every command (before LAB_SCENARIOS and the shipped ones).
  program.option('--scenarios <dir>', 'also find scenarios by name in DIR (repeatable; also LAB_SCENARIOS=DIR:DIR)', (d: string, all: string[] = []) => [...all, d]);
  program.hook('preAction', () => useScenarioDirs(program.opts<{ scenarios?: string[] }>().scenarios ?? []));
}
