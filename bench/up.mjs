// `lab up` (node image present, lab down before) against a raw `vagrant up --provider=docker` of the
// same Vagrantfile with the same environment (`lab env`: the lab's subnet, ports, key and share; a
// fresh VAGRANT_HOME each time, as a lab down leaves it), alternated in the same run. Target ≤ 1.05.
// Vagrant's own time varies by ±1.5 s from run to run here, so it also prints lab's own share: a
// `vagrant` wrapper first in PATH records when Vagrant started and ended inside `lab up`.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { env as baseEnv, lab, median, report, root, timed } from './lib.mjs';

/** The variables `lab env` exports, as an object. */
async function labEnv() {
  const { stdout } = await execa('node', ['bin/lab.js', 'env'], { cwd: root });
  return Object.fromEntries([...stdout.matchAll(/^export (\w+)='(.*)'$/gm)].map((m) => [m[1], m[2]]));
}

/** A `vagrant` that runs the real one and appends "start end" (seconds since the epoch) to a log. */
function vagrantWrapper(dir) {
  const log = join(dir, 'vagrant.log');
  mkdirSync(join(dir, 'bin'));
  const real = execaSync('bash', ['-c', 'command -v vagrant']).stdout.trim();
  writeFileSync(join(dir, 'bin', 'vagrant'), `#!/bin/bash\ns=$(date +%s.%N)\n${real} "$@"; rc=$?\necho "$1 $s $(date +%s.%N)" >> ${log}\nexit $rc\n`);
  chmodSync(join(dir, 'bin', 'vagrant'), 0o755);
  return log;
}

export async function benchUp(rounds = 9) {
  await lab('up'); // builds whatever is missing, outside the measurement
  const vars = await labEnv();
  // The raw runs keep a copy of the lab's key and share: `lab down` removes the lab's folder.
  const keep = mkdtempSync(join(tmpdir(), 'lab-bench-up-'));
  cpSync(join(vars.LAB_SSH_KEY, '..'), join(keep, 'ssh'), { recursive: true });
  const rawEnv = (home) => ({ ...baseEnv, ...vars, LAB_SSH_KEY: join(keep, 'ssh', 'id_ed25519'), LAB_SHARE: join(keep, 'share'), VAGRANT_DOTFILE_PATH: join(keep, 'vagrant'), VAGRANT_HOME: home });
  const log = vagrantWrapper(keep);
  const wrapped = { env: { ...baseEnv, PATH: `${join(keep, 'bin')}:${process.env.PATH}` } };
  await lab('down');
  const raw = [];
  const ours = [];
  const before = [];
  const inside = [];
  const after = [];
  for (let i = 0; i < rounds; i++) {
    const home = mkdtempSync(join(tmpdir(), 'lab-bench-vagrant-home-'));
    raw.push(await timed('vagrant', ['up', '--provider=docker'], { env: rawEnv(home) }));
    await timed('vagrant', ['destroy', '-f'], { env: rawEnv(home) });
    rmSync(home, { recursive: true, force: true });
    await lab('down'); // the network Vagrant leaves behind
    writeFileSync(log, '');
    const started = Date.now() / 1000;
    ours.push(await timed('node', ['bin/lab.js', 'up'], wrapped));
    const ended = Date.now() / 1000;
    const [, s, e] = readFileSync(log, 'utf8').split('\n').find((l) => l.startsWith('up ')).split(' ').map(Number);
    before.push(s - started);
    inside.push(e - s);
    after.push(ended - e);
    await lab('down');
  }
  const warm = [];
  await lab('up');
  for (let i = 0; i < rounds; i++) warm.push(await lab('up'));
  rmSync(keep, { recursive: true, force: true });
  const list = (xs, d = 1) => xs.map((s) => s.toFixed(d)).join(', ');
  console.log(`lab up: cold ${list(ours)} s; warm (already up) ${list(warm, 2)} s; raw vagrant up ${list(raw)} s`);
  console.log(`lab up's own time around Vagrant (medians): ${median(before).toFixed(2)} s before it starts, ${median(after).toFixed(2)} s after it ends`);
  console.log(`Vagrant inside lab up ${list(inside)} s (median ${median(inside).toFixed(2)} s; alone ${median(raw).toFixed(2)} s)`);
  return report('up', 'lab up', median(ours), 'vagrant up', median(raw), 1.05);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchUp(Number(process.argv[2] ?? 9));
