import { color } from 'listr2';
import type { StepResult } from '../engine/events.js';
import type { FailedLine } from '../engine/script.js';
import { joinOutput, relevantLines } from '../engine/match.js';
import type { Step } from '../scenario/model.js';
import { redact } from './redact.js';

/** One step's verdict line, as the terminal shows it. */
export function stepLine(step: Step, r: StepResult): string {
  const mark = r.ok ? color.green('✓') : color.red('✗');
  return `${mark} ${color.cyan(step.node.padEnd(5))} ${step.title}${stepOutcome(step, r)}`;
}

/** The command under a step's line (--verbose), indented. */
export function commandLines(r: StepResult, indent = '    '): string {
  return redact(r.command).split('\n').map((l) => `${indent}${color.dim(`$ ${l}`)}`).join('\n');
}

/** Lines of a multi-line `run` that failed before its last line: the step went on, and says so. */
export function failedLineNotes(r: StepResult, indent = '    '): string[] {
  return r.failedLines.map((f) => `${indent}${color.yellow(`! ${failedLineText(f)}:`)} ${redact(f.command)}`);
}

export function failedLineText(f: FailedLine): string {
  return `line ${f.line} failed (exit ${f.code}) and ${f.ended ? 'ended the script' : 'the script went on'}`;
}

/** What follows a step's name once it ran: an expected failure said as such, retries, time. */
export function stepOutcome(step: Step, r: StepResult): string {
  const expectedFailure = step.expect.exit === 'nonzero' && r.ok ? color.yellow(' (failed, as expected)') : '';
  const retries = r.attempts > 1 ? color.dim(` [${r.attempts} attempts]`) : '';
  return `${expectedFailure}${retries} ${color.dim(`(${(r.durationMs / 1000).toFixed(1)}s)`)}`;
}

/** What went wrong with a step: where it is written, expected vs found (after goss and zx). */
export function failureDetail(step: Step, r: StepResult, indent = '    '): string {
  const lines = [`${color.dim('at')} ${step.location} ${color.dim(`on ${step.node}`)}`];
  for (const m of r.mismatches) {
    lines.push(`${color.bold(m.property)}: expected ${m.expected}`);
    lines.push(`${' '.repeat(m.property.length)}  found:    ${indentRest(redact(m.found), ' '.repeat(m.property.length + 12))}`);
  }
  // An exit-code mismatch alone says nothing of why: show the output that explains it (after zx).
  if (r.mismatches.every((m) => m.property === 'exit')) {
    lines.push(`${color.bold('output')}: ${indentRest(redact(relevantLines(joinOutput(r.exec), [])), '        ')}`);
  }
  return lines.map((l) => indent + l).join('\n');
}

function indentRest(s: string, pad: string): string {
  return s.split('\n').join(`\n${pad}`);
}
