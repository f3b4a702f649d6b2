import type { Transcript, TranscriptStep } from './transcript.js';

const xml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 forbids most control characters (docker's progress output has some).
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** JUnit XML: a testsuite per stage, a testcase per step or check, expected/actual in failures. */
export function renderJunit(t: Transcript): string {
  const suites = t.runs.flatMap((run) =>
    run.stages.map((stage) => {
      const failures = stage.steps.filter((s) => !s.ok).length;
      const cases = stage.steps.map((s) => testcase(`${run.scenario}.${stage.id}`, s));
      return `  <testsuite name="${xml(`${run.scenario} / ${stage.id}: ${stage.title}`)}" tests="${stage.steps.length}" failures="${failures}" errors="0" time="${seconds(stage.durationMs)}">\n${cases.join('\n')}\n  </testsuite>`;
    }),
  );
  const tests = t.runs.flatMap((r) => r.stages.flatMap((s) => s.steps)).length;
  const failures = t.runs.flatMap((r) => r.stages.flatMap((s) => s.steps)).filter((s) => !s.ok).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lab" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function testcase(classname: string, s: TranscriptStep): string {
  const name = `${s.kind}: ${s.title} [${s.node}]`;
  const open = `    <testcase classname="${xml(classname)}" name="${xml(name)}" time="${seconds(s.durationMs)}">`;
  const out = `      <system-out>${xml(`$ ${s.command}\n${s.output}`)}</system-out>`;
  if (s.ok) return `${open}\n${out}\n    </testcase>`;
  const detail = s.mismatches.map((m) => `${m.property}: expected ${m.expected}\n  found: ${m.found}`).join('\n');
  const message = s.mismatches.map((m) => `${m.property}: expected ${m.expected}`).join('; ');
  return `${open}\n      <failure message="${xml(message)}" type="expectation">${xml(`${s.location}\n${detail}`)}</failure>\n${out}\n    </testcase>`;
}
