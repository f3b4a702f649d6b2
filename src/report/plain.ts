import { color } from 'listr2';
import type { EngineEvent } from '../engine/events.js';
import { commandLines, failedLineNotes, failureDetail, stepLine } from './describe.js';

/** Plain lines for CI logs and pipes: one per stage and step, a count line at the end (after goss). */
export class PlainReporter {
  private total = 0;
  private failed = 0;
  private lastHeader = '';

  constructor(
    private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
    private readonly options: { countLine?: boolean; verbose?: boolean } = {},
  ) {}

  listener = (e: EngineEvent): void => {
    switch (e.type) {
      case 'scenario:start':
        if (this.lastHeader.startsWith(`${e.scenario.name}/`)) break;
        this.total = 0;
        this.failed = 0;
        this.write(color.bold(`▶ ${e.scenario.name}: ${e.scenario.title}${e.kind === 'check' ? ' — checks' : ''}`));
        break;
      case 'stage:start': {
        const header = `${e.scenario.name}/${e.stage.id}`;
        if (header === this.lastHeader) break; // the self-test enters a stage three times
        this.lastHeader = header;
        const n = e.scenario.stages.indexOf(e.stage) + 1;
        this.write(`${color.bold(`── ${n}/${e.scenario.stages.length} ${e.stage.id}`)}: ${e.stage.title}`);
        break;
      }
      case 'step:end':
        if (e.kind === 'precheck') {
          this.write(color.dim(`  · before the solution: ${e.result.ok ? 'passes' : 'fails'}: ${e.step.title}`));
          break;
        }
        this.total += 1;
        if (!e.result.ok) this.failed += 1;
        this.write(`  ${stepLine(e.step, e.result)}`);
        if (this.options.verbose) this.write(commandLines(e.result));
        for (const note of failedLineNotes(e.result)) this.write(note);
        if (!e.result.ok) this.write(failureDetail(e.step, e.result));
        break;
      case 'stage:end':
        if (e.kind === 'precheck') this.write(`  ${e.ok ? color.red('✗ the checks pass before the solution: they do not test this stage') : color.green('✓ the checks fail before the solution')}`);
        break;
      case 'scenario:end':
        if (this.options.countLine === false) break;
        this.write(`${e.ok ? color.green('✔') : color.red('✘')} ${e.scenario.name}: Count: ${this.total}, Failed: ${this.failed} (${(e.durationMs / 1000).toFixed(1)}s)`);
        break;
    }
  };
}
