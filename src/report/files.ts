import { statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { renderHandout } from './handout.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Transcript } from './transcript.js';

/** md: the trainer's answer key; handout: the same run for students, without solution commands. */
import { reportFormats, type ReportFormat } from './formats.js';


export interface ReportRequest {
  format: ReportFormat;
  file: string;
}

/** FORMAT:FILE values → requests, each path checked before anything runs; mistakes exit 2. */
export function parseReportRequests(values: string[]): ReportRequest[] {
  return values.map((v) => {
    const sep = v.indexOf(':');
    const format = sep > 0 ? v.slice(0, sep) : v;
    const file = sep > 0 ? v.slice(sep + 1) : '';
    if (!(reportFormats as readonly string[]).includes(format) || !file) {
      throw new UsageError(`--report takes a format and a file, e.g. --report junit report.xml (formats: ${reportFormats.join(', ')})`);
    }
    checkReportPath(file);
    return { format: format as ReportFormat, file };
  });
}

/** The report can be written: its folder exists, it is not itself a folder, and not a kernel file. */
export function checkReportPath(file: string): void {
  const path = resolve(file);
  if (/^\/(proc|sys|dev)(\/|$)/.test(path)) throw new UsageError(`--report ${file}: not a place for a report (${path.split('/')[1]} is the kernel's)`);
  const parent = statSync(dirname(path), { throwIfNoEntry: false });
  if (!parent?.isDirectory()) throw new UsageError(`--report ${file}: the folder ${dirname(path)} does not exist`, `create it first: mkdir -p ${dirname(path)}`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--report ${file} is a folder`, `name a file in it, e.g. ${join(file, 'report.md')}`);
}

const renderers: Record<ReportFormat, (t: Transcript) => string> = { json: renderJson, junit: renderJunit, md: renderMarkdown, handout: renderHandout };

export function writeReports(t: Transcript, requests: ReportRequest[]): void {
  for (const r of requests) writeFileSync(r.file, renderers[r.format](t));
}
