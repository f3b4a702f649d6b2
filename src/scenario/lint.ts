import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import { displayPath } from './files.js';
import { parseScenario, type LoadContext } from './load.js';
import { locate } from './locate.js';
import { missingLangs, type LocalizedText } from './text.js';

export interface LintResult {
  file: string;
  errors: ScenarioIssue[];
  warnings: ScenarioIssue[];
}

/**
 * Validates one scenario file as `lab run` would load it, without a lab, and warns about what makes
 * it weaker for students: a stage without checks (`lab check` and `lab test` cannot tell when it is
 * done), a checked stage without a hint (a student whose check fails is left with nothing).
 */
const TEXT_KEYS = ['title', 'description', 'goal', 'hint', 'errata'];

/** Every `{ fr, en }` text that lacks a language (a plain string serves both). */
function untranslated(spec: unknown): { path: (string | number)[]; missing: string[] }[] {
  const out: { path: (string | number)[]; missing: string[] }[] = [];
  const texts = (node: unknown, path: (string | number)[]) => {
    if (!node || typeof node !== 'object') return;
    for (const key of TEXT_KEYS) {
      const missing = missingLangs((node as Record<string, LocalizedText | undefined>)[key]);
      if (missing.length) out.push({ path: [...path, key], missing });
    }
  };
  const s = spec as { stages?: { steps?: unknown[]; check?: unknown[] }[] };
  texts(s, []);
  s.stages?.forEach((stage, i) => {
    texts(stage, ['stages', i]);
    for (const list of ['steps', 'check'] as const) stage[list]?.forEach((step, j) => texts(step, ['stages', i, list, j]));
  });
  return out;
}

export function lintFile(path: string, ctx: LoadContext): LintResult {
  const file = displayPath(path);
  const text = readFileSync(path, 'utf8');
  try {
    const scenario = parseScenario(text, file, ctx);
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    const warnings: ScenarioIssue[] = [];
    scenario.stages.forEach((stage, i) => {
      const at = (message: string) => warnings.push({ file, ...locate(doc, lines, ['stages', i]), message });
      if (stage.checks.length === 0) at(`stage "${stage.id}" has no check: \`lab check\` cannot tell a student when it is done, and \`lab test\` does not test it`);
      else if (!stage.hint) at(`stage "${stage.id}" has no hint: a student whose check fails gets none`);
    });
    for (const { path, missing } of untranslated(doc.toJS())) {
      warnings.push({ file, ...locate(doc, lines, path), message: `${path.join('.')} has no ${missing.join(', ')} text: students reading in ${missing.join(', ')} get the other language` });
    }
    return { file, errors: [], warnings };
  } catch (error) {
    if (error instanceof ScenarioError) return { file, errors: error.issues, warnings: [] };
    throw error;
  }
}
