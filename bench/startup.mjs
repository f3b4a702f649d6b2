// Start-up: `lab --help`, `lab list` and `lab status` against bare `node -e 0`, medians of 11,
// alternated in the same run. Target: each ≤ 2.5× node. What makes it possible: bin/lab.js runs
// the bundle (scripts/bundle.mjs), each command loads only its own chunk, and scenarios come from
// the host's cache (src/scenario/open.ts). `status` also asks Docker and probes each node's SSH.
import { median, report, timed } from './lib.mjs';

export async function benchStartup(rounds = 11) {
  const commands = { help: ['--help'], list: ['list'], status: ['status'] };
  const runs = { node: [], help: [], list: [], status: [] };
  await timed('node', ['bin/lab.js', 'list']); // fills the scenario cache, as any first use does
  for (let i = 0; i < rounds; i++) {
    runs.node.push(await timed('node', ['-e', '0']));
    for (const [name, args] of Object.entries(commands)) runs[name].push(await timed('node', ['bin/lab.js', ...args]));
  }
  const base = median(runs.node);
  console.log(`start-up (medians of ${rounds}): node -e 0 ${(base * 1000).toFixed(0)} ms; ${Object.keys(commands).map((c) => `lab ${c} ${(median(runs[c]) * 1000).toFixed(0)} ms`).join('; ')}`);
  return Object.keys(commands).map((c) => report(`startup-${c}`, `lab ${commands[c].join(' ')}`, median(runs[c]), 'node -e 0', base, 2.5));
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStartup();
