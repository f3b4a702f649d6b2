import { execa } from 'execa';
import type { ExecOptions, ExecResult } from '../engine/nodes.js';

/** Runs a shell command on the host machine, for `on: host` steps. */
export async function runOnHost(command: string, options: ExecOptions = {}): Promise<ExecResult> {
  const r = await execa('bash', ['-c', command], {
    input: options.stdin,
    timeout: options.timeoutMs,
    reject: false,
    stripFinalNewline: true,
  });
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), code: r.exitCode ?? null, signal: r.signal ?? null, timedOut: r.timedOut };
}
