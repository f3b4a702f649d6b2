import type { Command } from 'commander';
import { requireRoster } from '../../../nodes/lab/roster.js';
import { renderRoomText } from '../../../report/room.js';
import { roomSnapshot } from '../../class/room.js';
import { classOptions, type ClassOptions } from './options.js';

export function registerClassStatus(cls: Command): void {
  classOptions(cls.command('status'), { only: false })
    .description("every lab's nodes and the stage each student is on (their checks run in every lab)")
    .option('--scenario <name>', "another scenario than the class's")
    .option('--json', 'machine-readable output')
    .action(async (opts: ClassOptions & { scenario?: string; json?: boolean }) => {
      const room = await roomSnapshot(requireRoster(opts.class), opts.scenario, opts.parallel * 2);
      process.stdout.write(opts.json ? `${JSON.stringify(room)}\n` : renderRoomText(room));
    });
}
