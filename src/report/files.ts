import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { renderHandout } from './handout.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Transcript } from './transcript.js';

/** md: the trainer's answer key; handout: the same run for students, without solution commands. */
export const reportFormats = ['json', 'junit', 'md', 'handout'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface ReportRequest {
  format: ReportFormat;
  file: string;
}

/** `--report FORMAT FILE` (repeatable) → requests; bad formats are usage errors. */
export function parseReportRequests(values: string[]): ReportRequest[] {
  const out: ReportRequest[] = [];
  for (let i = 0; i < values.length; i += 2) {
    const format = values[i]!;
    const file = values[i + 1];
    if (!(reportFormats as readonly string[]).includes(format) || !file) {
      throw new UsageError(`--report takes a format and a file, e.g. --report junit report.xml (formats: ${reportFormats.join(', ')})`);
    }
    out.push({ format: format as ReportFormat, file });
  }
  return out;
}

const renderers: Record<ReportFormat, (t: Transcript) => string> = { json: renderJson, junit: renderJunit, md: renderMarkdown, handout: renderHandout };

export function writeReports(t: Transcript, requests: ReportRequest[]): void {
  for (const r of requests) {
    mkdirSync(dirname(r.file), { recursive: true });
    writeFileSync(r.file, renderers[r.format](t));
  }
}
