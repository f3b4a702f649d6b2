// `lab up` (node image present, lab down before) against a raw `vagrant up --provider=docker` of the
// same Vagrantfile with the same environment (`lab env`: the lab's subnet, ports, key and share; a
// fresh VAGRANT_HOME each time, as a lab down leaves it), alternated in the same run. Target ≤ 1.05.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { env as baseEnv, lab, median, report, root, timed } from './lib.mjs';

/** The variables `lab env` exports, as an object. */
async function labEnv() {
  const { stdout } = await execa('node', ['bin/lab.js', 'env'], { cwd: root });
  return Object.fromEntries([...stdout.matchAll(/^export (\w+)='(.*)'$/gm)].map((m) => [m[1], m[2]]));
}

export async function benchUp(rounds = 3) {
  await lab('up'); // builds whatever is missing, outside the measurement
  const vars = await labEnv();
  // The raw runs keep a copy of the lab's key and share: `lab down` removes the lab's folder.
  const keep = mkdtempSync(join(tmpdir(), 'lab-bench-up-'));
  cpSync(join(vars.LAB_SSH_KEY, '..'), join(keep, 'ssh'), { recursive: true });
  const rawEnv = (home) => ({ ...baseEnv, ...vars, LAB_SSH_KEY: join(keep, 'ssh', 'id_ed25519'), LAB_SHARE: join(keep, 'share'), VAGRANT_DOTFILE_PATH: join(keep, 'vagrant'), VAGRANT_HOME: home });
  await lab('down');
  const raw = [];
  const ours = [];
  for (let i = 0; i < rounds; i++) {
    const home = mkdtempSync(join(tmpdir(), 'lab-bench-vagrant-home-'));
    raw.push(await timed('vagrant', ['up', '--provider=docker'], { env: rawEnv(home) }));
    await timed('vagrant', ['destroy', '-f'], { env: rawEnv(home) });
    rmSync(home, { recursive: true, force: true });
    await lab('down'); // the network Vagrant leaves behind
    ours.push(await lab('up'));
    await lab('down');
  }
  const warm = [];
  await lab('up');
  for (let i = 0; i < rounds; i++) warm.push(await lab('up'));
  rmSync(keep, { recursive: true, force: true });
  console.log(`lab up: cold ${ours.map((s) => s.toFixed(1)).join(', ')} s; warm (already up) ${warm.map((s) => s.toFixed(2)).join(', ')} s; raw vagrant up ${raw.map((s) => s.toFixed(1)).join(', ')} s`);
  return report('up', 'lab up', median(ours), 'vagrant up', median(raw), 1.05);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchUp();
