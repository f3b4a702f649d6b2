import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { serveRoom } from '../../class/serve.js';
import { interruptSignal } from '../../interrupt.js';
import { classOptions, type ClassOptions } from './options.js';

export function registerClassServe(cls: Command): void {
  classOptions(cls.command('serve'), { only: false })
    .description("the trainer's live view of the room: one page on localhost, updating itself")
    .option('--port <port>', 'port on 127.0.0.1 (0: any free one)', '8765')
    .option('--interval <seconds>', 'seconds between two looks at the labs', '5')
    .option('--scenario <name>', "another scenario than the class's")
    .action(async (opts: ClassOptions & { port: string; interval: string; scenario?: string }) => {
      const port = Number(opts.port);
      const interval = Number(opts.interval);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${opts.port} is not a port`);
      if (!(interval >= 1)) throw new UsageError(`--interval ${opts.interval}: at least 1 second`);
      const served = await serveRoom(opts.class, { port, host: '127.0.0.1', intervalMs: interval * 1000, scenario: opts.scenario });
      process.stdout.write(`the room of class "${opts.class}": ${served.url} (Ctrl-C stops)\n`);
      // Serves until Ctrl-C (or SIGTERM), the normal way to end it: exit 0.
      await new Promise((resolve) => interruptSignal.addEventListener('abort', resolve, { once: true }));
      served.close();
      process.stdout.write('the page is no longer served\n');
    });
}
