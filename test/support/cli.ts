import { join } from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../../src/paths.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs the real `lab` binary, as a user would, without a TTY (plain output). */
export async function lab(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const started = Date.now();
  const r = await execa('node', [join(projectRoot, 'bin/lab.js'), ...args], { cwd: projectRoot, reject: false, env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env }, timeout: 20 * 60_000 });
  const result = { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), seconds: (Date.now() - started) / 1000 };
  process.stdout.write(`[e2e] lab ${args.join(' ')} → exit ${result.exitCode} in ${result.seconds.toFixed(1)}s\n`);
  return result;
}

/** Fails loudly with the command's output when the exit code is not the expected one. */
export function expectExit(r: CliResult, code: number): void {
  if (r.exitCode !== code) {
    throw new Error(`expected exit ${code}, got ${r.exitCode}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  }
}
