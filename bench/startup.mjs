// Start-up: `lab --help`, `lab list` and `lab status` against bare `node -e 0`, medians of 7,
// alternated in the same run. Each command loads only its own code (src/cli/commands/index.ts).
// Target: ≤ 2.5× node for --help; list and status are reported with what they really do
// (list parses every scenario; status asks Docker and probes each node's SSH).
import { median, report, timed } from './lib.mjs';

export async function benchStartup(rounds = 7) {
  const runs = { node: [], help: [], list: [], status: [] };
  for (let i = 0; i < rounds; i++) {
    runs.node.push(await timed('node', ['-e', '0']));
    runs.help.push(await timed('node', ['bin/lab.js', '--help']));
    runs.list.push(await timed('node', ['bin/lab.js', 'list']));
    runs.status.push(await timed('node', ['bin/lab.js', 'status']));
  }
  const base = median(runs.node);
  console.log(`start-up (medians of ${rounds}): node -e 0 ${base.toFixed(3)} s; lab --help ${median(runs.help).toFixed(3)} s; lab list ${median(runs.list).toFixed(3)} s (${(median(runs.list) / base).toFixed(1)}×); lab status ${median(runs.status).toFixed(3)} s (${(median(runs.status) / base).toFixed(1)}×)`);
  return report('startup', 'lab --help', median(runs.help), 'node -e 0', base, 2.5);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStartup();
