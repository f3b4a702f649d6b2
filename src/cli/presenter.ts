import { createInterface } from 'node:readline/promises';
import { color } from 'listr2';
import { InterruptedError, UsageError } from '../errors.js';
import { displayCommand } from '../engine/step.js';
import type { Stage, Step } from '../scenario/model.js';
import { describeExpectation } from '../report/transcript.js';

/** Presenter mode (--step): show each step and what it should do, then wait for Enter; `q` stops. */
export function presenter(): (stage: Stage, step: Step) => Promise<void> {
  if (!process.stdin.isTTY) throw new UsageError('--step needs a terminal to wait for Enter', 'run it in a terminal, or drop --step');
  return async (stage, step) => {
    process.stdout.write(`\n${color.bold(`[${stage.id}]`)} ${step.title}\n${color.cyan(`${step.node}$`)} ${displayCommand(step.action)}\n${color.dim(`expected: ${describeExpectation(step)}`)}\n`);
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await rl.question(color.dim('Enter to run, q to stop › '));
      if (answer.trim().toLowerCase() === 'q') throw new InterruptedError('stopped by the presenter');
    } finally {
      rl.close();
    }
  };
}
