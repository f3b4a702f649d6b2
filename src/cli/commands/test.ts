import type { Command } from 'commander';
import { consentToHostSteps } from '../host-consent.js';
import { summary } from './summaries.js';
import { color } from 'listr2';
import { ExpectationError } from '../../errors.js';
import { selfTest } from '../../engine/self-test.js';
import { resetNodes } from '../../nodes/baseline.js';
import { recordProgress } from '../../nodes/progress.js';
import { parseReportRequests } from '../../report/files.js';
import { openScenario } from '../../scenario/open.js';
import type { Scenario } from '../../scenario/model.js';
import { asWriter, currentLab, scenarioContext } from '../lab-context.js';
import { withSession } from '../lab-session.js';
import { collect, Reporting } from '../reporting.js';

export function registerTest(program: Command): void {
  program
    .command('test')
    .description(summary('test'))
    .option('--allow-host', 'let the scenario run its `on: host` steps on this machine')
    .argument('<scenario...>', 'scenario names or paths')
    .option('--report <format-and-file>', 'write a report: --report json|junit|md|handout FILE (repeatable)', collect, [])
    .action(async (names: string[], opts: { report?: string[]; allowHost?: boolean }) => {
      const lab = currentLab();
      const ctx = scenarioContext(lab.topology);
      const scenarios: Scenario[] = [];
      for (const n of names) scenarios.push(await openScenario(n, ctx));
      await consentToHostSteps(scenarios, opts.allowHost);
      const reporting = new Reporting(parseReportRequests(opts.report ?? []), { plain: true, countLine: false });
      const problems: string[] = [];
      await asWriter(lab, () => withSession(async (s) => {
        try {
          for (const scenario of scenarios) {
            await resetNodes(s.lab, s.nodes, s.nodeNames); // always: the fingerprint does not see all a reset clears (/vagrant, …)
            const outcome = await selfTest(scenario, s.nodes, reporting.listener, s.signal);
            const checked = scenario.stages.filter((st) => st.checks.length > 0);
            for (const st of outcome.stages) if (st.problem) problems.push(`${scenario.name}: ${st.problem}`);
            const mark = outcome.ok ? color.green('✔') : color.red('✘');
            process.stdout.write(`${mark} ${scenario.name}: self-test ${outcome.ok ? 'passed' : 'FAILED'} — Count: ${checked.length} checked stages, Failed: ${outcome.stages.filter((st) => !st.ok).length} (${(outcome.durationMs / 1000).toFixed(1)}s)\n`);
            recordProgress(s.lab, scenario.name, undefined);
          }
        } finally {
          await reporting.finish();
        }
      }, lab, { watch: true }));
      if (problems.length) throw new ExpectationError(`the lab is broken:\n${problems.join('\n')}`, 'fix the checks or the solution of the stages named above');
    });
}
