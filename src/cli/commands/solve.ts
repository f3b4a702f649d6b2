import type { Command } from 'commander';
import { consentToHostSteps } from '../host-consent.js';
import { summary } from './summaries.js';
import { ExpectationError } from '../../errors.js';
import { firstFailure, runScenario } from '../../engine/run.js';
import { resetNodes } from '../../nodes/baseline.js';
import { recordProgress } from '../../nodes/progress.js';
import { openScenario } from '../../scenario/open.js';
import { asWriter, currentLab, scenarioContext } from '../lab-context.js';
import { withSession } from '../lab-session.js';
import { Reporting } from '../reporting.js';
import { findStage } from '../stage-arg.js';

export function registerSolve(program: Command): void {
  program
    .command('solve')
    .description(summary('solve'))
    .option('--allow-host', 'let the scenario run its `on: host` steps on this machine')
    .argument('<scenario>', 'scenario name or path')
    .requiredOption('--to <stage>', 'last stage to solve (id or number)')
    .option('--plain', 'plain lines even on a terminal')
    .action(async (name: string, opts: { to: string; plain?: boolean; allowHost?: boolean }) => {
      const lab = currentLab();
      const scenario = await openScenario(name, scenarioContext(lab.topology));
      await consentToHostSteps([scenario], opts.allowHost);
      const last = findStage(scenario, opts.to);
      const stages = scenario.stages.slice(0, scenario.stages.indexOf(last) + 1);
      const reporting = new Reporting([], { plain: opts.plain });
      await asWriter(lab, () => withSession(async (s) => {
        await resetNodes(s.lab, s.nodes, s.nodeNames);
        const outcome = await runScenario(scenario, s.nodes, { kind: 'step', stages, onEvent: reporting.listener, signal: s.signal });
        await reporting.finish();
        if (!outcome.ok) {
          const f = firstFailure(outcome)!;
          throw new ExpectationError(`the solution of "${f.stage.id}" failed at "${f.step.title}" (${f.step.location})`);
        }
      }, lab, { watch: true }));
      recordProgress(lab, scenario.name, [...stages].reverse().find((st) => st.checks.length)?.id);
      process.stdout.write(`${scenario.name} solved up to "${last.id}"\n`);
    });
}
