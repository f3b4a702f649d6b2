import type { EventListener } from '../engine/events.js';
import { writeReports, type ReportRequest } from '../report/files.js';
import { ListrReporter } from '../report/listr.js';
import { PlainReporter } from '../report/plain.js';
import { redactEvent } from '../report/redact.js';
import { Transcript } from '../report/transcript.js';

/** Chooses the terminal reporter (listr2 on a TTY, plain lines otherwise) and collects the transcript. */
export class Reporting {
  readonly transcript = new Transcript();
  private readonly listr?: ListrReporter;
  private readonly plain?: PlainReporter;

  constructor(private readonly requests: ReportRequest[], options: { plain?: boolean; quiet?: boolean; countLine?: boolean; verbose?: boolean } = {}) {
    const tty = Boolean(process.stdout.isTTY) && !process.env.CI && !options.plain && !options.verbose;
    if (options.quiet) return;
    if (tty) this.listr = new ListrReporter();
    else this.plain = new PlainReporter(undefined, { countLine: options.countLine, verbose: options.verbose });
  }

  /** Every reporter sees the event redacted (keys, passwords, the scenario's secrets). */
  listener: EventListener = (raw) => {
    const e = redactEvent(raw);
    this.transcript.listener(e);
    this.listr?.listener(e);
    this.plain?.listener(e);
  };

  /** Waits for the terminal to settle, then writes the requested report files. */
  async finish(): Promise<void> {
    await this.listr?.finished();
    writeReports(this.transcript, this.requests);
  }
}

/** Commander collector for the repeatable `--report FORMAT FILE`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
