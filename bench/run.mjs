// All benchmarks, each against its yardstick measured in the same run. Needs the lab's host set
// up (scripts/prepare-host.sh) and takes about 16 minutes. Exit 1 when a target is missed.
// The class benchmark (bench/class.mjs, `npm run bench:class -- N`) boots N labs and runs apart.
import { benchStartup } from './startup.mjs';
import { benchUp } from './up.mjs';
import { benchReset, benchSelfTest, benchWalkthrough } from './walkthrough.mjs';

const results = [...(await benchStartup()), await benchUp(), ...(await benchWalkthrough()), await benchSelfTest(), await benchReset()];
console.log('\nsummary');
for (const r of results) console.log(`  ${r.name.padEnd(16)} ratio ${r.ratio.toFixed(2)} (target ≤ ${r.target}) ${r.met ? 'met' : 'MISSED'}`);
process.exitCode = results.every((r) => r.met) ? 0 : 1;
