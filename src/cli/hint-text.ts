import type { Action, Scenario, Stage } from '../scenario/model.js';
import type { Lang } from '../scenario/text.js';

/** The labels `lab hint` prints around the scenario's own texts, in both languages. */
const LABELS = {
  fr: {
    goal: 'objectif',
    hint: 'indice',
    erratum: 'erratum du seed',
    erratumAhead: 'le seed se trompe à cette étape : --solution dit où et ce que le lab fait à la place',
    noHint: 'pas d\'indice pour cette étape',
    more: (s: string, st: string) => `les commandes : lab hint ${s} ${st} --solution`,
    solution: 'solution',
    write: 'écrire',
    copy: 'copier',
    wait: 'attendre que',
  },
  en: {
    goal: 'goal',
    hint: 'hint',
    erratum: 'seed erratum',
    erratumAhead: 'the seed is wrong at this stage: --solution says where, and what the lab does instead',
    noHint: 'no hint for this stage',
    more: (s: string, st: string) => `the commands: lab hint ${s} ${st} --solution`,
    solution: 'solution',
    write: 'write',
    copy: 'copy',
    wait: 'wait until',
  },
} as const;

/**
 * A graded hint: the goal and the nudge; the seed's erratum (which names commands) and the
 * solution's commands only when asked for (`solution`).
 */
export function hintText(scenario: Scenario, stage: Stage, lang: Lang, solution: boolean): string {
  const l = LABELS[lang];
  const lines = [`${scenario.name} / ${stage.id}: ${stage.title}`];
  if (stage.goal) lines.push(`${l.goal}: ${stage.goal.trim()}`);
  lines.push(`${l.hint}: ${stage.hint?.trim() ?? l.noHint}`);
  if (!solution) {
    if (stage.errata) lines.push(l.erratumAhead);
    lines.push(l.more(scenario.name, stage.id));
    return lines.join('\n');
  }
  if (stage.errata) lines.push(`${l.erratum}: ${stage.errata.trim()}`);
  lines.push('', `${l.solution}:`);
  for (const step of stage.steps) lines.push(`  # ${step.title}`, ...actionLines(step.node, step.action, lang).map((s) => `  ${s}`));
  return lines.join('\n');
}

function actionLines(node: string, a: Action, lang: Lang): string[] {
  const l = LABELS[lang];
  const prompt = `vagrant@${node}:~$ `;
  switch (a.kind) {
    case 'run':
      return indentAfterFirst(node === 'host' ? `$ ${a.command}` : `${prompt}${a.command}`);
    case 'write':
      return [`${node}: ${l.write} ${a.path}${a.sudo ? ' (sudo)' : ''}${a.mode ? ` (mode ${a.mode})` : ''}:`, ...a.content.trimEnd().split('\n').map((s) => `    ${s}`)];
    case 'copy':
      return [`${l.copy} ${a.from.node}:${a.from.path} → ${a.to.node}:${a.to.path}`];
    case 'wait':
      return [`${node}: ${l.wait}: ${a.command}`];
  }
}

function indentAfterFirst(text: string): string[] {
  const [first = '', ...rest] = text.trimEnd().split('\n');
  return [first, ...rest.map((s) => `    ${s}`)];
}
