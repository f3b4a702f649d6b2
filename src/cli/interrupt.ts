import { InterruptedError } from '../errors.js';

/**
 * Ctrl-C (SIGINT) and SIGTERM: the first one aborts `interruptSignal` — the engine stops before
 * the next step, SSH kills the step running on the node, reports are written, locks released —
 * and the command ends with exit 130 and one line saying what to do next. A second one forces.
 * A command that does not listen still ends within a few seconds.
 */
const controller = new AbortController();
export const interruptSignal = controller.signal;

export function installInterruptHandlers(graceMs = 15_000): void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) {
      process.stderr.write('\nlab: forced to stop\n');
      process.exit(130);
    }
    if (signal === 'SIGINT') process.stderr.write('\nlab: Ctrl-C: stopping (Ctrl-C again forces)\n');
    controller.abort(new InterruptedError('interrupted', 'the nodes may be half-way through a stage: `lab reset` puts them back to the baseline'));
    setTimeout(() => process.exit(130), graceMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
