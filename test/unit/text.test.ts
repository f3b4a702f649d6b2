import { describe, expect, it } from 'vitest';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { listScenarioNames, resolveScenarioFile } from '../../src/scenario/files.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { langFromEnv, langFromLocale, missingLangs, resolveText } from '../../src/scenario/text.js';
import { hintText } from '../../src/cli/hint-text.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ScenarioError } from '../../src/errors.js';

const topology = loadTopology(undefined, {});
const ctx = (lang: 'fr' | 'en') => ({ nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology), lang });

describe('localized texts', () => {
  it('resolves a string, a pair, and falls back to the other language', () => {
    expect(resolveText('même texte', 'en')).toBe('même texte');
    expect(resolveText({ fr: 'bonjour', en: 'hello' }, 'fr')).toBe('bonjour');
    expect(resolveText({ fr: 'bonjour', en: 'hello' }, 'en')).toBe('hello');
    expect(resolveText({ fr: 'seulement en français' }, 'en')).toBe('seulement en français');
    expect(resolveText({ en: 'English only' }, 'fr')).toBe('English only');
    expect(resolveText(undefined, 'fr')).toBeUndefined();
    expect(missingLangs({ fr: 'x' })).toEqual(['en']);
    expect(missingLangs('x')).toEqual([]);
  });

  it('takes the default language from LC_ALL, LC_MESSAGES, then LANG', () => {
    expect(langFromLocale('fr_FR.UTF-8')).toBe('fr');
    expect(langFromLocale('fr')).toBe('fr');
    expect(langFromLocale('C.UTF-8')).toBe('en');
    expect(langFromLocale('en_US.UTF-8')).toBe('en');
    expect(langFromLocale('french')).toBe('en');
    expect(langFromEnv({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(langFromEnv({ LC_ALL: 'C', LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: '', LANG: 'fr_CA.UTF-8' })).toBe('fr');
    expect(langFromEnv({})).toBe('en');
  });

  it('the loader resolves every text of a scenario to one language, variables included', () => {
    const text = `name: t
title: { fr: "Titre", en: "Title" }
description: { en: "only English" }
stages:
  - id: one
    title: { fr: "Étape sur {{registry.host}}", en: "Stage on {{registry.host}}" }
    goal: { fr: "le but" }
    hint: "same"
    errata: { fr: "erratum", en: "erratum (en)" }
    steps:
      - title: { fr: "une étape", en: "a step" }
        run: "true"
`;
    const fr = parseScenario(text, 'x.yaml', ctx('fr'));
    expect([fr.title, fr.description, fr.stages[0]!.title, fr.stages[0]!.goal, fr.stages[0]!.hint, fr.stages[0]!.errata, fr.stages[0]!.steps[0]!.title])
      .toEqual(['Titre', 'only English', 'Étape sur registry.mydom.com', 'le but', 'same', 'erratum', 'une étape']);
    const en = parseScenario(text, 'x.yaml', ctx('en'));
    expect([en.title, en.stages[0]!.title, en.stages[0]!.goal, en.stages[0]!.steps[0]!.title]).toEqual(['Title', 'Stage on registry.mydom.com', 'le but', 'a step']);
  });

  it('rejects an unknown language key and an empty pair, located', () => {
    const bad = (title: string) => () => parseScenario(`name: t\ntitle: ${title}\nstages:\n  - id: one\n    title: One\n    steps:\n      - run: "true"\n`, 'x.yaml', ctx('fr'));
    expect(bad('{ de: "Titel" }')).toThrow(ScenarioError);
    expect(bad('{ de: "Titel" }')).toThrow(/x\.yaml:2:\d+: .*de/);
    expect(bad('{}')).toThrow(/fr, en or both/);
  });

  it.each(listScenarioNames())('%s: every stage title, goal, hint and erratum exists in French and differs from the English', (name) => {
    const fr = loadScenario(name, ctx('fr'));
    const en = loadScenario(name, ctx('en'));
    expect(fr.title).not.toBe(en.title);
    fr.stages.forEach((stage, i) => {
      const other = en.stages[i]!;
      expect(stage.title, `${stage.id} title`).not.toBe(other.title);
      for (const key of ['goal', 'hint', 'errata'] as const) {
        if (other[key] !== undefined) expect(stage[key], `${stage.id} ${key}`).not.toBe(other[key]);
      }
    });
  });
});

describe('every shipped text is written in French and English', () => {
  /** Paths of the student-facing texts of a scenario file that are not { fr, en }. */
  function untranslated(doc: Record<string, unknown>): string[] {
    const missing: string[] = [];
    const check = (v: unknown, where: string) => {
      if (v === undefined) return;
      if (typeof v === 'string' || missingLangs(v as { fr?: string; en?: string }).length > 0) missing.push(where);
    };
    check(doc.title, 'title');
    check(doc.description, 'description');
    (doc.stages as Record<string, unknown>[]).forEach((st) => {
      for (const k of ['title', 'goal', 'hint', 'errata']) check(st[k], `${st.id}.${k}`);
      for (const list of ['steps', 'check'] as const) {
        ((st[list] ?? []) as Record<string, unknown>[]).forEach((step, i) => check(step.title, `${st.id}.${list}[${i}].title`));
      }
    });
    return missing;
  }
  it.each(listScenarioNames())('%s', (name) => {
    expect(untranslated(parse(readFileSync(resolveScenarioFile(name), 'utf8')))).toEqual([]);
  });
});

describe('lab hint is graded', () => {
  it.each(listScenarioNames())('%s: hints nudge without commands; --solution gives them', (name) => {
    for (const lang of ['fr', 'en'] as const) {
      const s = loadScenario(name, ctx(lang));
      for (const stage of s.stages) {
        const nudge = hintText(s, stage, lang, false);
        expect(nudge, `${stage.id} (${lang})`).not.toMatch(/vagrant@node\d:~\$/);
        for (const step of stage.steps) if (step.action.kind === 'run' && step.action.command.length > 20) expect(stage.hint ?? '', `${stage.id} hint (${lang}) gives the command`).not.toContain(step.action.command);
        const solution = hintText(s, stage, lang, true);
        const first = stage.steps.find((st) => st.action.kind === 'run');
        if (first && first.action.kind === 'run') expect(solution).toContain(first.action.command.split('\n')[0]);
      }
    }
  });

  it('tls-selfsigned trust-cert in French names the folder and gives no command', () => {
    const s = loadScenario('tls-selfsigned', ctx('fr'));
    const stage = s.stages.find((st) => st.id === 'trust-cert')!;
    const nudge = hintText(s, stage, 'fr', false);
    expect(nudge).toMatch(/indice: /);
    expect(nudge).toContain('certs.d');
    expect(nudge).not.toMatch(/sudo |docker image push|cp certs/);
    expect(hintText(s, stage, 'fr', true)).toMatch(/vagrant@node1:~\$ sudo mkdir/);
  });
});
