import { Listr, type ListrTask } from 'listr2';
import type { EngineEvent, StepKind, StepResult } from '../engine/events.js';
import type { Stage, Step } from '../scenario/model.js';
import { failedLineNotes, failureDetail, stepOutcome } from './describe.js';

interface Deferred {
  promise: Promise<StepResult | undefined>;
  resolve: (r: StepResult | undefined) => void;
}

function deferred(): Deferred {
  let resolve!: Deferred['resolve'];
  const promise = new Promise<StepResult | undefined>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The listr2 tree on a TTY: stages and steps titled from the scenario, so a trainer can read the
 * progress aloud as the walkthrough's table of contents. It follows the engine's events; it never
 * drives the engine.
 */
export class ListrReporter {
  private readonly pending = new Map<string, Deferred>();
  private running: Promise<void> = Promise.resolve();
  /** Which run (scenario:start) the events belong to: `lab run daemon-tls mtls` has two stages "ca". */
  private run = 0;

  listener = (e: EngineEvent): void => {
    if (e.type === 'scenario:start') {
      this.run += 1;
      const run = this.run;
      const tasks = e.stages.map((stage) => this.stageTask(run, stage, e.kind));
      // Not listr2's Ctrl-C handler (exit 127 at once): lab's stops the step and writes the reports.
      const list = new Listr(tasks, { exitOnError: true, registerSignalListeners: false, rendererOptions: { collapseSubtasks: false, showErrorMessage: true } });
      this.running = list.run().then(() => undefined, () => undefined);
    } else if (e.type === 'step:end') {
      this.slot(this.run, e.stage, e.kind, e.index).resolve(e.result);
    } else if (e.type === 'scenario:end') {
      for (const d of this.pending.values()) d.resolve(undefined);
    }
  };

  /** Resolves once the tree has drawn its last frame. */
  finished(): Promise<void> {
    return this.running;
  }

  private slot(run: number, stage: Stage, kind: StepKind, index: number): Deferred {
    const key = `${run}/${stage.id}/${kind}/${index}`;
    let d = this.pending.get(key);
    if (!d) this.pending.set(key, (d = deferred()));
    return d;
  }

  private stageTask(run: number, stage: Stage, kind: StepKind): ListrTask {
    const steps = kind === 'step' ? stage.steps : stage.checks;
    return {
      title: `${stage.id}: ${stage.title}`,
      task: (_ctx, task) => task.newListr(steps.map((step, i) => this.stepTask(run, stage, kind, step, i)), { exitOnError: kind === 'step' }),
    };
  }

  private stepTask(run: number, stage: Stage, kind: StepKind, step: Step, index: number): ListrTask {
    return {
      title: `${step.node}: ${step.title}`,
      rendererOptions: { persistentOutput: true, outputBar: Infinity },
      task: async (_ctx, task) => {
        const result = await this.slot(run, stage, kind, index).promise;
        if (!result) return task.skip('not run');
        task.title = `${step.node}: ${step.title}${stepOutcome(step, result)}`;
        const notes = failedLineNotes(result, '');
        if (notes.length) task.output = notes.join('\n');
        if (!result.ok) throw new Error(`${step.node}: ${step.title}\n${failureDetail(step, result, '  ')}`);
      },
    };
  }
}
