import { relevantLines } from '../engine/match.js';
import { fence } from './markdown.js';
import type { Transcript, TranscriptStep } from './transcript.js';

/**
 * The students' handout: per stage its goal, hint and erratum, then what they should observe —
 * the errors and the successes, from a real run — and what `lab check` verifies. No solution
 * command: students type the seed's own. A step is named by its title only when the scenario gave
 * one (otherwise the title is the command).
 */
export function renderHandout(t: Transcript): string {
  const out: string[] = [];
  for (const run of t.runs) {
    out.push(`# ${run.title}`, '');
    if (run.source) out.push(`Source: ${run.source}`, '');
    if (run.description) out.push(run.description.trim(), '');
    run.stages.forEach((stage, i) => {
      out.push(`## ${i + 1}. ${stage.title}`, '');
      if (stage.goal) out.push(`**Goal:** ${stage.goal.trim()}`, '');
      if (stage.hint) out.push(`**Hint:** ${stage.hint.trim()}`, '');
      if (stage.errata) out.push(`> **Where the seed is wrong:** ${stage.errata.trim()}`, '');
      const seen = stage.steps.filter((s) => s.kind === 'step' && observable(s));
      if (seen.length) {
        out.push('What you should observe:', '');
        for (const s of seen) {
          out.push(`- on \`${s.node}\`${s.titled ? ` — ${s.title}` : ''}: ${s.expected}`);
          const lines = relevantLines(s.output, s.needles, 4);
          if (lines !== '(no output)' && (s.needles.length || s.exitCode !== 0)) out.push('', indent(fence(lines)), '');
        }
        out.push('');
      }
      if (stage.checks.length) {
        const named = stage.checks.filter((c) => c.titled);
        out.push(`When you are done, \`lab check ${run.scenario} ${stage.id}\` verifies${named.length ? ':' : ` ${stage.checks.length} thing${stage.checks.length > 1 ? 's' : ''}.`}`, '');
        for (const c of named) out.push(`- on \`${c.node}\`: ${c.title}`);
        if (named.length && named.length < stage.checks.length) out.push(`- and ${stage.checks.length - named.length} more`);
        out.push('');
      }
    });
  }
  return out.join('\n');
}

/** A step whose result a student can see for themselves: a failure, a searched output, or a titled success. */
function observable(s: TranscriptStep): boolean {
  return s.expected !== 'succeeds' || s.titled;
}

function indent(s: string): string {
  return s.split('\n').map((l) => `  ${l}`).join('\n');
}
