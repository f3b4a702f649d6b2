import { hostname, userInfo } from 'node:os';
import { failedLineText } from './describe.js';
import type { Transcript, TranscriptRun, TranscriptStep } from './transcript.js';

export const fence = (s: string): string => {
  const ticks = s.includes('```') ? '~~~~' : '```';
  return `${ticks}\n${s.replace(/\n+$/, '')}\n${ticks}`;
};

/**
 * The prompt a person would see: a copy is typed on the host (with `lab ssh`), a host step runs as
 * the real user on the real machine, the rest as vagrant on its node.
 */
export const prompt = (s: Pick<TranscriptStep, 'action' | 'node'>): string =>
  s.action === 'copy' ? 'host$' : s.node === 'host' ? `${userInfo().username}@${hostname()}$` : `vagrant@${s.node}:~$`;

export const runHeading = (run: TranscriptRun): string =>
  `## ${run.scenario}: ${run.title}${run.kinds.includes('precheck') ? ' (self-test)' : run.kinds.includes('check') && !run.kinds.includes('step') ? ' (checks)' : ''}`;

/**
 * The trainer's answer key: the scenario's description, then per stage its goal, hint, erratum and
 * checks, and per step node, command, output (in the order it came), expectation, verdict, time;
 * a retried step says how many attempts it took and shows its first failure.
 */
export function renderMarkdown(t: Transcript): string {
  const out: string[] = [`# lab transcript — ${t.startedAt.toISOString()}`, ''];
  for (const run of t.runs) {
    out.push(runHeading(run), '');
    if (run.source) out.push(`Source: ${run.source}`, '');
    if (run.description) out.push(run.description.trim(), '');
    out.push(`Result: ${run.ok ? '✅ as expected' : '❌ not as expected'} in ${(run.durationMs / 1000).toFixed(1)} s`, '');
    for (const stage of run.stages) {
      out.push(`### ${stage.ok ? '✅' : '❌'} ${stage.id} — ${stage.title}`, '');
      if (stage.goal) out.push(`Goal: ${stage.goal.trim()}`, '');
      if (stage.hint) out.push(`Hint: ${stage.hint.trim()}`, '');
      if (stage.errata) out.push(`> **Seed erratum:** ${stage.errata.trim()}`, '');
      for (const s of stage.steps) out.push(...renderStep(s));
      if (stage.checks.length) {
        out.push(`Checks (\`lab check ${run.scenario} ${stage.id}\`):`, '');
        for (const c of stage.checks) out.push(`- on \`${c.node}\`: ${c.titled ? `${c.title} — ` : ''}\`${c.command.replace(/\n/g, ' ⏎ ')}\` ${c.expected}`);
        out.push('');
      }
    }
  }
  return out.join('\n');
}

function renderStep(s: TranscriptStep): string[] {
  const out = [`#### ${s.ok ? '✓' : '✗'} ${s.title}`, ''];
  const attempts = s.attempts > 1 ? ` · ${s.attempts} attempts` : '';
  out.push(`- node: \`${s.node}\` · expected: ${s.expected} · verdict: ${s.ok ? 'as expected' : 'NOT as expected'} · exit ${s.exitCode ?? '—'} · ${(s.durationMs / 1000).toFixed(2)} s${attempts}`);
  if (s.seed) out.push(`- the seed wrote: \`${s.seed}\``);
  for (const f of s.failedLines) out.push(`- ⚠ ${failedLineText(f)}: \`${f.command}\``);
  out.push('', fence(`${prompt(s)} ${s.command.replace(/\n+$/, '')}\n${s.output}`), '');
  for (const m of s.mismatches) out.push(`- **${m.property}**: expected ${m.expected}; found:`, '', fence(m.found), '');
  if (s.firstAttempt) {
    out.push(`The first of ${s.attempts} attempts (exit ${s.firstAttempt.exitCode ?? '—'}) did not count: ${s.firstAttempt.mismatches.map((m) => `expected ${m.expected}`).join('; ')}`, '');
    out.push(fence(s.firstAttempt.output || '(no output)'), '');
  }
  return out;
}
