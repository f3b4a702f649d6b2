import type { Command } from 'commander';
import { summary } from './summaries.js';
import { listScenarioNames } from '../../scenario/files.js';
import { openScenario } from '../../scenario/open.js';
import type { Scenario } from '../../scenario/model.js';
import { scenarioContext } from '../lab-context.js';

const listing = (s: Scenario) => ({ name: s.name, title: s.title, source: s.source, touchesHost: s.touchesHost, stages: s.stages.map((st) => ({ id: st.id, title: st.title })) });

export function registerList(program: Command): void {
  program
    .command('list')
    .description(summary('list'))
    .argument('[scenario]', 'one scenario (name or path)')
    .option('--json', 'machine-readable output')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const ctx = scenarioContext();
      const scenarios: Scenario[] = [];
      for (const n of name ? [name] : listScenarioNames()) scenarios.push(await openScenario(n, ctx));
      if (opts.json) {
        const data = name ? listing(scenarios[0]!) : { scenarios: scenarios.map(listing) };
        process.stdout.write(`${JSON.stringify(data)}\n`);
        return;
      }
      for (const s of scenarios) {
        process.stdout.write(`${s.name} — ${s.title}${s.source ? ` (${s.source})` : ''}${s.touchesHost ? ' ⚠ runs commands on this machine (--allow-host)' : ''}\n`);
        s.stages.forEach((st, i) => process.stdout.write(`  ${String(i + 1).padStart(2)}. ${st.id.padEnd(24)} ${st.title}\n`));
      }
    });
}
