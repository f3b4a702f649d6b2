// Shared helpers for the benchmarks: run a command, time it, print figures and ratios.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const env = { ...process.env, VAGRANT_CHECKPOINT_DISABLE: '1' };

/** Runs a command in the project root and returns its wall time in seconds; throws on failure. */
export async function timed(cmd, args, options = {}) {
  const started = process.hrtime.bigint();
  const r = await execa(cmd, args, { cwd: root, env, reject: false, all: true, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.exitCode !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.exitCode}:\n${String(r.all).slice(-3000)}`);
  return seconds;
}

export const lab = (...args) => timed('node', ['bin/lab.js', ...args]);

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** One result line: both figures, the ratio, the target and whether it is met. */
export function report(name, subject, subjectS, baseline, baselineS, target) {
  const ratio = subjectS / baselineS;
  const verdict = ratio <= target ? 'met' : 'MISSED';
  console.log(`${name}: ${subject} ${subjectS.toFixed(2)} s vs ${baseline} ${baselineS.toFixed(2)} s → ratio ${ratio.toFixed(2)} (target ≤ ${target}: ${verdict})`);
  return { name, subject: subjectS, baseline: baselineS, ratio, target, met: ratio <= target };
}
