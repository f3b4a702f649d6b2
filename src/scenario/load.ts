import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import { parseDuration } from './duration.js';
import { scenarioDirs } from './catalog.js';
import { displayPath, formatHint, resolveScenarioFile } from './files.js';
import { locate } from './locate.js';
import {
  DEFAULT_INTERVAL_MS,
  DEFAULT_STEP_TIMEOUT_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  type Action,
  type Scenario,
  type Stage,
  type Step,
} from './model.js';
import { Scenario as ScenarioSchema, type ScenarioSpec, type StepSpec } from './schema.js';
import { authorIssues } from './issues.js';
import { suggestKey } from './suggest.js';
import { resolveText, type Lang, type LocalizedText } from './text.js';

export interface LoadContext {
  /** Node names a step may run on (from the topology); `host` is always allowed. */
  nodes: readonly string[];
  /** {{name}} → value, from the topology. */
  variables: Readonly<Record<string, string>>;
  /** The language student-facing texts are resolved to (default en). */
  lang?: Lang;
}

export function loadScenario(nameOrPath: string, ctx: LoadContext, dirs: readonly string[] = scenarioDirs()): Scenario {
  const file = resolveScenarioFile(nameOrPath, dirs);
  return parseScenario(readFileSync(file, 'utf8'), displayPath(file), ctx);
}

/** Parse and validate scenario text; every problem found is reported at once, located. */
export function parseScenario(text: string, file: string, ctx: LoadContext): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]); // prettyErrors: false leaves linePos unset
        return { file, line: pos.line, col: pos.col, message: `YAML syntax: ${firstLine(e.message)}` };
      }),
      'fix the YAML syntax first (indentation, quotes, a missing colon)',
    );
  }
  const issues: ScenarioIssue[] = [];
  const at = (path: readonly PropertyKey[], message: string, key?: string) =>
    issues.push({ file, ...locate(doc, lines, path, key), message });

  const input: unknown = toJS(doc, lines, file);
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const i of authorIssues(ScenarioSchema, issue, input)) at(i.path, i.message, i.key);
    }
    throw new ScenarioError(sortIssues(issues), formatHint());
  }
  const scenario = toModel(parsed.data, file, doc, lines, ctx, at);
  if (issues.length > 0) throw new ScenarioError(sortIssues(issues), formatHint());
  return scenario;
}

/** The document as data; aliases that expand without bound (a "billion laughs") are refused, located. */
function toJS(doc: Document, lines: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    let offset = 0;
    visit(doc, { Alias: (_key, node) => ((offset = node.range?.[0] ?? 0), visit.BREAK) });
    const pos = lines.linePos(offset);
    throw new ScenarioError([{ file, line: pos.line, col: pos.col, message: `YAML aliases expand too much (${firstLine((error as Error).message)})` }], 'write the repeated part out, or use fewer nested aliases');
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.col - b.col);
}

type At = (path: readonly PropertyKey[], message: string, key?: string) => void;

function toModel(spec: ScenarioSpec, file: string, doc: Document, lines: LineCounter, ctx: LoadContext, at: At): Scenario {
  const nodes = new Set([...ctx.nodes, 'host']);
  const lang = ctx.lang ?? 'en';
  const text = (t: LocalizedText | undefined) => resolveText(t, lang);
  const seen = new Map<string, number>();
  const stages: Stage[] = spec.stages.map((stage, si) => {
    const first = seen.get(stage.id);
    if (first !== undefined) at(['stages', si, 'id'], `duplicate stage id "${stage.id}" (first used by stage ${first + 1})`);
    else seen.set(stage.id, si);
    const stepAt = (list: 'steps' | 'check') => (s: StepSpec, i: number): Step => {
      const path = ['stages', si, list, i];
      const sub = (value: string, key: string) => substitute(value, ctx.variables, (name) => at([...path, key], unknownVariable(name, ctx.variables)));
      const node = s.on ?? stage.on ?? ctx.nodes[0] ?? 'host';
      if (!nodes.has(node)) {
        const near = suggestKey(node, [...nodes]);
        at([...path, 'on'], `unknown node "${node}"${near ? ` (did you mean ${near}?)` : ''}; nodes: ${[...nodes].join(', ')}`);
      }
      const action = toAction(s, sub, (key, message) => at([...path, key], message), nodes);
      return {
        title: s.title !== undefined ? sub(text(s.title)!, 'title') : defaultTitle(action),
        titled: s.title !== undefined,
        node,
        action,
        expect: substituteDeep(s.expect ?? {}, (v) => sub(v, 'expect')),
        timeoutMs: parseDuration(s.timeout ?? 0) || DEFAULT_STEP_TIMEOUT_MS,
        retry: {
          attempts: s.retry?.attempts ?? 1,
          intervalMs: s.retry?.interval !== undefined ? parseDuration(s.retry.interval)! : DEFAULT_INTERVAL_MS,
        },
        seed: s.seed,
        location: `${file}:${locate(doc, lines, path).line}`,
      };
    };
    return {
      id: stage.id,
      title: sub(text(stage.title)!, 'title'),
      goal: optional(text(stage.goal), 'goal'),
      hint: optional(text(stage.hint), 'hint'),
      errata: optional(text(stage.errata), 'errata'),
      steps: stage.steps.map(stepAt('steps')),
      checks: (stage.check ?? []).map(stepAt('check')),
    };
    function sub(v: string, key: string) {
      return substitute(v, ctx.variables, (name) => at(['stages', si, key], unknownVariable(name, ctx.variables)));
    }
    function optional(v: string | undefined, key: string) {
      return v === undefined ? undefined : sub(v, key);
    }
  });
  const top = (v: string, key: string) => substitute(v, ctx.variables, (name) => at([key], unknownVariable(name, ctx.variables)));
  const secrets = (spec.secrets ?? []).map((v) => top(v, 'secrets'));
  const touchesHost = stages.some((st) => [...st.steps, ...st.checks].some(touchesHostStep));
  const description = text(spec.description);
  return { name: spec.name, title: top(text(spec.title)!, 'title'), source: spec.source, description: description && top(description, 'description'), secrets, touchesHost, file, stages };
}

function touchesHostStep(s: Step): boolean {
  return s.node === 'host' || (s.action.kind === 'copy' && (s.action.from.node === 'host' || s.action.to.node === 'host'));
}

function toAction(s: StepSpec, sub: (v: string, key: string) => string, at: (key: string, message: string) => void, nodes: Set<string>): Action {
  if (s.run !== undefined) return { kind: 'run', command: sub(s.run, 'run') };
  if (s.write) return { kind: 'write', path: sub(s.write.path, 'write'), content: sub(s.write.content, 'write'), mode: s.write.mode, sudo: s.write.sudo ?? false };
  if (s.copy) {
    const ends = [s.copy.from, s.copy.to].map((v) => {
      const [node = '', ...rest] = sub(v, 'copy').split(':');
      if (!nodes.has(node)) at('copy', `unknown node "${node}" in copy; nodes: ${[...nodes].join(', ')}`);
      return { node, path: rest.join(':') };
    });
    return { kind: 'copy', from: ends[0]!, to: ends[1]!, mode: s.copy.mode, sudo: s.copy.sudo ?? false };
  }
  const w = s.wait!;
  return {
    kind: 'wait',
    command: sub(w.run, 'wait'),
    timeoutMs: w.timeout !== undefined ? parseDuration(w.timeout)! : DEFAULT_WAIT_TIMEOUT_MS,
    intervalMs: w.interval !== undefined ? parseDuration(w.interval)! : DEFAULT_INTERVAL_MS,
  };
}

function defaultTitle(a: Action): string {
  switch (a.kind) {
    case 'run': return a.command.split('\n')[0]!;
    case 'write': return `write ${a.path}`;
    case 'copy': return `copy ${a.from.node}:${a.from.path} → ${a.to.node}:${a.to.path}`;
    case 'wait': return `wait until: ${a.command}`;
  }
}

// Names start with a letter, so Go templates such as {{.Id}} (docker --format) pass through.
const VARIABLE = /\{\{\s*([a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+)\s*\}\}/gi;

/** Replace {{name}} with its value; unknown names are reported and left as written. */
export function substitute(value: string, vars: Readonly<Record<string, string>>, onUnknown: (name: string) => void): string {
  return value.replace(VARIABLE, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      onUnknown(name);
      return whole;
    }
    return v;
  });
}

function unknownVariable(name: string, vars: Readonly<Record<string, string>>): string {
  const near = suggestKey(name, Object.keys(vars));
  return `unknown variable {{${name}}}${near ? ` (did you mean {{${near}}}?)` : ''}; known: ${Object.keys(vars).join(', ')}`;
}

function substituteDeep<T>(value: T, sub: (v: string) => string): T {
  if (typeof value === 'string') return sub(value) as T;
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, sub)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, sub)])) as T;
  }
  return value;
}
