import type { ExpectationSpec, OutputMatcherSpec } from '../scenario/schema.js';
import type { ExecResult } from './nodes.js';

/**
 * Turns a typed expectation and what a command did into a verdict with its explanation: for each
 * unmet property, what was expected and what was found (after goss). Retries are not its business.
 */
export interface Mismatch {
  property: string;
  expected: string;
  found: string;
}

export interface Verdict {
  ok: boolean;
  mismatches: Mismatch[];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function matchExpectation(expect: ExpectationSpec, result: ExecResult): Verdict {
  const mismatches: Mismatch[] = [];
  const exit = expect.exit ?? 0;
  const code = result.code;
  const exitOk =
    exit === 'any' ? true : exit === 'nonzero' ? code !== 0 : code === exit;
  if (!exitOk) {
    mismatches.push({
      property: 'exit',
      expected: exit === 'nonzero' ? 'a non-zero exit (the step must fail)' : `exit ${exit}`,
      found: `${result.gaveUpAfterMs !== undefined ? `gave up after ${(result.gaveUpAfterMs / 1000).toFixed(0)} s of waiting (last try: ` : ''}${result.timedOut ? 'timed out' : code === null ? `killed (${result.signal ?? 'no status'})` : `exit ${code}`}${result.gaveUpAfterMs !== undefined ? ')' : ''}`,
    });
  }
  const streams: [string, OutputMatcherSpec | undefined, string][] = [
    ['output', expect.output, joinOutput(result)],
    ['stdout', expect.stdout, result.stdout],
    ['stderr', expect.stderr, result.stderr],
  ];
  for (const [name, matcher, text] of streams) {
    if (matcher) mismatches.push(...matchOutput(name, matcher, text));
  }
  return { ok: mismatches.length === 0, mismatches };
}

export function joinOutput(r: ExecResult): string {
  return [r.stdout, r.stderr].filter((s) => s.length > 0).join('\n');
}

export function matchOutput(name: string, m: OutputMatcherSpec, text: string): Mismatch[] {
  const out: Mismatch[] = [];
  const contains = list(m.contains);
  if (contains.length && !contains.some((c) => text.includes(c))) {
    out.push({ property: name, expected: describeAny('to contain', contains), found: relevantLines(text, contains) });
  }
  const patterns = list(m.matches);
  if (patterns.length && !patterns.some((p) => new RegExp(p, 'm').test(text))) {
    out.push({ property: name, expected: describeAny('to match', patterns.map((p) => `/${p}/`)), found: relevantLines(text, []) });
  }
  for (const forbidden of list(m.not_contains)) {
    if (text.includes(forbidden)) {
      out.push({ property: name, expected: `not to contain "${forbidden}"`, found: relevantLines(text, [forbidden]) });
    }
  }
  return out;
}

function describeAny(verb: string, variants: string[]): string {
  return variants.length === 1 ? `${verb} "${variants[0]}"` : `${verb} one of ${variants.map((v) => `"${v}"`).join(', ')}`;
}

const ERRORISH = /error|denied|refused|fail|x509|tls|unknown|cannot|invalid|missing|not found/i;

/**
 * The lines worth showing: those holding a searched text, else those that look like errors, else
 * the last lines; at most `max`.
 */
export function relevantLines(text: string, needles: string[], max = 6): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
  if (lines.length === 0) return '(no output)';
  const hits = lines.filter((l) => needles.some((n) => l.includes(n)));
  const chosen = hits.length ? hits : lines.filter((l) => ERRORISH.test(l));
  const picked = (chosen.length ? chosen : lines).slice(-max);
  return picked.join('\n');
}
