import type { Transcript } from './transcript.js';

const fence = (s: string) => {
  const ticks = s.includes('```') ? '~~~~' : '```';
  return `${ticks}\n${s.replace(/\n+$/, '')}\n${ticks}`;
};

/** A transcript a trainer can read beside the seed: per step node, command, output, expectation, verdict, time. */
export function renderMarkdown(t: Transcript): string {
  const out: string[] = [`# lab transcript — ${t.startedAt.toISOString()}`, ''];
  for (const run of t.runs) {
    out.push(`## ${run.scenario}: ${run.title}${run.kinds.includes('precheck') ? ' (self-test)' : run.kinds.includes('check') && !run.kinds.includes('step') ? ' (checks)' : ''}`, '');
    if (run.source) out.push(`Source: ${run.source}`, '');
    out.push(`Result: ${run.ok ? '✅ as expected' : '❌ not as expected'} in ${(run.durationMs / 1000).toFixed(1)} s`, '');
    for (const stage of run.stages) {
      out.push(`### ${stage.ok ? '✅' : '❌'} ${stage.id} — ${stage.title}`, '');
      if (stage.goal) out.push(`Goal: ${stage.goal}`, '');
      if (stage.errata) out.push(`> **Seed erratum:** ${stage.errata.trim()}`, '');
      for (const s of stage.steps) {
        out.push(`#### ${s.ok ? '✓' : '✗'} ${s.title}`, '');
        out.push(`- node: \`${s.node}\` · expected: ${s.expected} · verdict: ${s.ok ? 'as expected' : 'NOT as expected'} · exit ${s.exitCode ?? '—'} · ${(s.durationMs / 1000).toFixed(2)} s${s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}`);
        if (s.seed) out.push(`- the seed wrote: \`${s.seed}\``);
        out.push('', fence(`vagrant@${s.node}:~$ ${s.command}\n${s.output}`), '');
        for (const m of s.mismatches) out.push(`- **${m.property}**: expected ${m.expected}; found:`, '', fence(m.found), '');
      }
    }
  }
  return out.join('\n');
}
