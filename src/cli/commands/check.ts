import type { Command } from 'commander';
import { currentLang } from '../lang.js';
import { say } from '../messages.js';
import { consentToHostSteps } from '../host-consent.js';
import { summary } from './summaries.js';
import { ExpectationError, UsageError } from '../../errors.js';
import { runScenario } from '../../engine/run.js';
import { readProgress, recordProgress } from '../../nodes/progress.js';
import { parseReportRequests } from '../../report/files.js';
import { redact } from '../../report/redact.js';
import { openScenario } from '../../scenario/open.js';
import type { Scenario, Stage } from '../../scenario/model.js';
import { checkedStages, stageAfter } from '../../scenario/stages.js';
import { currentLab, scenarioContext } from '../lab-context.js';
import { withSession } from '../lab-session.js';
import { collect, Reporting } from '../reporting.js';
import { findStage } from '../stage-arg.js';

/** The stage a student is on: the one after the last whose checks passed; the last one once all are done. */
export function currentStage(scenario: Scenario, lastPassed: string | undefined): Stage {
  return stageAfter(scenario, lastPassed) ?? checkedStages(scenario).at(-1)!;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(summary('check'))
    .option('--allow-host', 'let the scenario run its `on: host` steps on this machine')
    .argument('<scenario>', 'scenario name or path')
    .argument('[stage]', 'stage id or number')
    .option('--json', 'machine-readable result on stdout')
    .option('--report <format-and-file>', 'write a report: --report json|junit|md|handout FILE (repeatable)', collect, [])
    .action(async (name: string, stageArg: string | undefined, opts: { json?: boolean; report?: string[]; allowHost?: boolean }) => {
      const lab = currentLab();
      const scenario = await openScenario(name, scenarioContext(lab.topology));
      await consentToHostSteps([scenario], opts.allowHost);
      if (!scenario.stages.some((s) => s.checks.length)) throw new UsageError(`${scenario.name} has no checks`);
      const stage = stageArg ? findStage(scenario, stageArg) : currentStage(scenario, readProgress(lab)[scenario.name]?.stage);
      if (stage.checks.length === 0) throw new UsageError(`stage "${stage.id}" has no checks`, 'its steps only prepare or verify the set-up');
      const reporting = new Reporting(parseReportRequests(opts.report ?? []), { plain: true, quiet: opts.json });
      const outcome = await withSession((s) => runScenario(scenario, s.nodes, { kind: 'check', stages: [stage], onEvent: reporting.listener, signal: s.signal }), lab);
      await reporting.finish();
      if (outcome.ok) recordProgress(lab, scenario.name, stage.id);
      if (opts.json) {
        const results = outcome.stages[0]!.results.map(({ step, result }) => ({ title: step.title, node: step.node, ok: result.ok, mismatches: result.mismatches.map((m) => ({ ...m, found: redact(m.found, scenario.secrets) })) }));
        process.stdout.write(`${JSON.stringify({ scenario: scenario.name, stage: stage.id, ok: outcome.ok, checks: results })}\n`);
      }
      if (!outcome.ok) {
        throw new ExpectationError(say('stageNotDone', currentLang(), stage.id), stage.hint ?? say('hintCommand', currentLang(), `lab hint ${scenario.name} ${stage.id}`));
      }
      if (!opts.json) process.stdout.write(`${say('stageDone', currentLang(), stage.id)}\n`);
    });
}
