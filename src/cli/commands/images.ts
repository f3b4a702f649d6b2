import type { Command } from 'commander';
import { summary } from './summaries.js';
import { describeWorkshopImages, ensureWorkshopImages } from '../../nodes/images.js';
import { currentLab } from '../lab-context.js';

export function registerImages(program: Command): void {
  program
    .command('images')
    .description(summary('images'))
    .option('--build', 'build (or, with LAB_PULL=1, pull) what is missing and refresh the cache')
    .option('--json', 'machine-readable output')
    .action(async (opts: { build?: boolean; json?: boolean }) => {
      const t = currentLab().topology;
      const images = opts.build ? await ensureWorkshopImages(t) : await describeWorkshopImages(t);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ images })}\n`);
        return;
      }
      for (const i of images) {
        process.stdout.write(`${i.ref.padEnd(14)} ${i.id.slice(7, 19)}  ${i.standin ? `STAND-IN: ${i.standin}` : 'real image'}\n`);
      }
    });
}
