import type { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerClass } from './class/index.js';
import { registerDiagnose } from './diagnose.js';
import { registerDoctor } from './doctor.js';
import { registerDown } from './down.js';
import { registerEnv } from './env.js';
import { registerHint } from './hint.js';
import { registerImages } from './images.js';
import { registerList } from './list.js';
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
  for (const register of [registerUp, registerStatus, registerSsh, registerDown, registerEnv, registerDoctor, registerDiagnose, registerImages, registerList, registerRun, registerReset, registerCheck, registerHint, registerSolve, registerTest, registerSchema, registerClass]) {
    register(program);
  }
}
