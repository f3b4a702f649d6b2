// `lab up` (node image present) against a raw `vagrant up --provider=docker` of the same
// Vagrantfile, alternated in the same run. Target: ratio ≤ 1.2.
import { lab, median, report, timed } from './lib.mjs';

export async function benchUp(rounds = 3) {
  await lab('up'); // builds whatever is missing, outside the measurement
  await lab('down');
  const raw = [];
  const ours = [];
  for (let i = 0; i < rounds; i++) {
    raw.push(await timed('vagrant', ['up', '--provider=docker']));
    await timed('vagrant', ['destroy', '-f']);
    await lab('down');
    ours.push(await lab('up'));
    await lab('down');
  }
  const warm = [];
  await lab('up');
  for (let i = 0; i < rounds; i++) warm.push(await lab('up'));
  console.log(`lab up: cold ${ours.map((s) => s.toFixed(1)).join(', ')} s; warm (already up) ${warm.map((s) => s.toFixed(2)).join(', ')} s; raw vagrant up ${raw.map((s) => s.toFixed(1)).join(', ')} s`);
  return report('up', 'lab up', median(ours), 'vagrant up', median(raw), 1.2);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchUp();
