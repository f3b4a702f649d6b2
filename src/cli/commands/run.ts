import type { Command } from 'commander';
import { consentToHostSteps } from '../host-consent.js';
import { summary } from './summaries.js';
import { ExpectationError } from '../../errors.js';
import { joinOutput, relevantLines } from '../../engine/match.js';
import type { EventListener } from '../../engine/events.js';
import { firstFailure, runScenario } from '../../engine/run.js';
import { ensureBaseline } from '../../nodes/baseline.js';
import { providerFor } from '../../nodes/provider/index.js';
import { recordProgress } from '../../nodes/progress.js';
import { up } from './up.js';
import { parseReportRequests } from '../../report/files.js';
import { redact } from '../../report/redact.js';
import { openScenario } from '../../scenario/open.js';
import type { Scenario } from '../../scenario/model.js';
import { asWriter, currentLab, scenarioContext } from '../lab-context.js';
import { withSession } from '../lab-session.js';
import { presenter } from '../presenter.js';
import { collect, Reporting } from '../reporting.js';

interface RunOptions {
  reset: boolean;
  allowHost?: boolean;
  step?: boolean;
  plain?: boolean;
  verbose?: boolean;
  report?: string[];
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(summary('run'))
    .option('--allow-host', 'let the scenario run its `on: host` steps on this machine')
    .argument('<scenario...>', 'scenario names (see `lab list`) or paths to .yaml files')
    .option('--no-reset', 'do not reset to the baseline first')
    .option('--step', 'presenter mode: show each step and wait for Enter')
    .option('--plain', 'plain lines even on a terminal')
    .option('--verbose', "plain lines with each step's command under its title")
    .option('--report <format-and-file>', 'write a report: --report json|junit|md|handout FILE (repeatable)', collect, [])
    .action(async (names: string[], opts: RunOptions) => {
      const requests = parseReportRequests(opts.report ?? []);
      let lab = currentLab();
      const ctx = scenarioContext(lab.topology);
      const scenarios: Scenario[] = [];
      for (const n of names) scenarios.push(await openScenario(n, ctx)); // every file validated before any node is touched
      await consentToHostSteps(scenarios, opts.allowHost);
      const beforeStep = opts.step ? presenter() : undefined;
      const reporting = new Reporting(requests, { plain: opts.plain || opts.step, verbose: opts.verbose });
      await asWriter(lab, async () => {
      if (!lab.record || !(await providerFor(lab.topology.provider).isUp(lab))) {
        await up(); // the main job prepares whatever is missing
        lab = currentLab();
      }
      await withSession(async (s) => {
        try {
          for (const scenario of scenarios) {
            if (opts.reset) await ensureBaseline(s.lab, s.nodes, s.nodeNames);
            // Progress is recorded stage by stage: a run stopped half-way (Ctrl-C, a node down) keeps it.
            const onEvent: EventListener = (e) => {
              reporting.listener(e);
              if (e.type === 'stage:end' && e.ok && e.stage.checks.length > 0) recordProgress(s.lab, scenario.name, e.stage.id);
            };
            const outcome = await runScenario(scenario, s.nodes, { kind: 'step', onEvent, beforeStep, signal: s.signal });
            if (!outcome.ok) {
              const f = firstFailure(outcome)!;
              throw new ExpectationError(
                redact(`${scenario.name}: stage "${f.stage.id}" did not go as the workshop says — step "${f.step.title}" on ${f.step.node} (${f.step.location}): ${f.result.mismatches.map((m) => `expected ${m.expected}, found ${m.found.split('\n')[0]}`).join('; ')}${f.result.mismatches.every((m) => m.property === 'exit') ? ` — ${relevantLines(joinOutput(f.result.exec), [], 2).replace(/\n/g, ' / ')}` : ''}`, scenario.secrets),
                f.stage.hint ?? 'the transcript above shows the command and its output',
              );
            }
          }
        } finally {
          await reporting.finish();
        }
      }, lab, { watch: true });
      });
    });
}
