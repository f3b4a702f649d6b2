// A class on this host: N labs up together, the self-test in all of them, then down — against one
// lab's `up` + `test` measured in the same run (the yardstick: N × one lab, done one after another).
// Prints wall times, ratios, host memory with all labs up (/proc/meminfo) and failures.
// Usage: node bench/class.mjs [N] [--parallel K]     (default N=4; K = lab class's default)
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { env, lab, root } from './lib.mjs';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 4);
const parallel = args.includes('--parallel') ? ['--parallel', args[args.indexOf('--parallel') + 1]] : [];
const memAvailableMiB = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 1024;

/** Like lib's timed, but a failing command is a figure (its exit code), not an abort. */
async function run(...argv) {
  const started = process.hrtime.bigint();
  const r = await execa('node', ['bin/lab.js', ...argv], { cwd: root, env, reject: false, all: true });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, code: r.exitCode, out: String(r.all) };
}

export async function benchClass() {
  // Yardstick: one lab, alone (host images already built by its first run).
  await lab('up', '--lab', 'bench-one');
  await lab('down', '--lab', 'bench-one');
  const memIdle = memAvailableMiB();
  const oneUp = (await run('up', '--lab', 'bench-one')).seconds;
  const oneTest = (await run('test', 'tls-selfsigned', '--lab', 'bench-one')).seconds;
  const vagrantStatus = await execa('bash', ['-c', `eval "$(node bin/lab.js env --lab bench-one)"; time -p vagrant status >/dev/null`], { cwd: root, env, reject: false, all: true });
  const rubyStatus = Number(/real (\S+)/.exec(String(vagrantStatus.all))?.[1] ?? NaN);
  await lab('down', '--lab', 'bench-one');

  const up = await run('class', 'up', String(n), '--class', 'bench', ...parallel);
  const memUp = memAvailableMiB();
  const test = await run('class', 'test', 'tls-selfsigned', '--class', 'bench', ...parallel);
  const down = await run('class', 'down', '--class', 'bench', ...parallel);
  const failed = (s) => Number(/Failed: (\d+)/.exec(s.out)?.[1] ?? n);

  const upRatio = up.seconds / (n * oneUp);
  const testRatio = test.seconds / (n * oneTest);
  console.log(`one lab: up ${oneUp.toFixed(1)} s, test ${oneTest.toFixed(1)} s; Vagrant's own start-up (vagrant status) ${rubyStatus.toFixed(1)} s`);
  console.log(`class of ${n}: up ${up.seconds.toFixed(1)} s (${(up.seconds / n).toFixed(1)} s per lab) vs ${n} × one lab ${(n * oneUp).toFixed(1)} s → ratio ${upRatio.toFixed(2)} (target < 1: ${upRatio < 1 ? 'met' : 'MISSED'})`);
  console.log(`class of ${n}: test ${test.seconds.toFixed(1)} s vs ${n} × one lab ${(n * oneTest).toFixed(1)} s → ratio ${testRatio.toFixed(2)}`);
  console.log(`class of ${n}: down ${down.seconds.toFixed(1)} s`);
  console.log(`memory with ${n} labs up: ${(memIdle - memUp).toFixed(0)} MiB more in use (${((memIdle - memUp) / n).toFixed(0)} MiB per lab), ${memUp.toFixed(0)} MiB still available`);
  console.log(`failures: up ${failed(up)}, test ${failed(test)}, down ${failed(down)} (of ${n})`);
  const ok = up.code === 0 && test.code === 0 && down.code === 0 && upRatio < 1;
  if (!ok) console.log(up.out.split('\n').filter((l) => l.startsWith('✘')).concat(test.out.split('\n').filter((l) => l.startsWith('✘'))).join('\n'));
  return { name: `class ${n}`, ratio: upRatio, target: 1, met: ok };
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await benchClass()).met ? 0 : 1;
