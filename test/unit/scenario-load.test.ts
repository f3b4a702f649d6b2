import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError, UsageError } from '../../src/errors.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { listScenarioNames, resolveScenarioFile } from '../../src/scenario/files.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';

const topology = loadTopology(undefined, {});
const ctx = { nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology) };

function issuesOf(text: string): string[] {
  try {
    parseScenario(text, 'x.yaml', ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    expect((e as ScenarioError).exitCode).toBe(2);
    return (e as ScenarioError).message.split('\n');
  }
  throw new Error('expected a ScenarioError');
}

const minimal = (step: string, extraStage = '') => `name: t
title: T
stages:
  - id: one
    title: One
${extraStage}    steps:
${step}`;

describe('shipped scenarios', () => {
  it.each(listScenarioNames())('%s loads and validates', (name) => {
    const s = loadScenario(name, ctx);
    expect(s.stages.length).toBeGreaterThan(0);
    for (const stage of s.stages) for (const step of [...stage.steps, ...stage.checks]) {
      expect(JSON.stringify(step)).not.toMatch(/\{\{\s*[a-z]+\.[a-z]+\s*\}\}/); // every variable substituted
    }
  });

  it('tls-selfsigned substitutes the topology into commands and keeps Go templates', () => {
    const s = loadScenario('tls-selfsigned', ctx);
    const setup = s.stages[0]!;
    expect(setup.steps[0]!.action).toEqual({ kind: 'run', command: 'getent hosts registry.mydom.com' });
    expect(setup.steps[0]!.expect.output?.contains).toBe('192.168.56.101');
    expect(setup.steps[1]!.action).toMatchObject({ command: "docker image inspect --format '{{.Id}}' nginx:1.14" });
    expect(setup.steps[0]!.location).toMatch(/tls-selfsigned\.yaml:\d+$/);
  });
});

describe('scenario errors are located as file:line:col', () => {
  it('suggests the key that was meant', () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/scenarios/typo.yaml'), 'utf8');
    expect(issuesOf(text)).toEqual(['x.yaml:9:9: unknown key "expct" (did you mean expect?)']);
  });

  it('reports YAML syntax errors with their position', () => {
    const [line] = issuesOf('name: t\ntitle: [unclosed\nstages: []\n');
    expect(line).toMatch(/^x\.yaml:\d+:\d+: YAML syntax: /);
  });

  it('locates a YAML syntax error on its own line, not at 1:1', () => {
    const [line] = issuesOf("name: t\ntitle: x\nstages:\n  - id: a\n    title: a\n    steps:\n      - run: sed 's/a: b/c: d/' f\n");
    expect(line).toMatch(/^x\.yaml:7:\d+: YAML syntax: Nested mappings are not allowed in compact mappings/);
  });

  it('reports an unknown node name and suggests the nearest', () => {
    expect(issuesOf(minimal('      - on: nod2\n        run: "true"\n'))).toEqual([
      'x.yaml:7:13: unknown node "nod2" (did you mean node2?); nodes: node1, node2, host',
    ]);
  });

  it('reports duplicate stage ids', () => {
    const text = `name: t\ntitle: T\nstages:\n  - id: a\n    title: A\n    steps: [{ run: "true" }]\n  - id: a\n    title: B\n    steps: [{ run: "true" }]\n`;
    expect(issuesOf(text)).toEqual(['x.yaml:7:9: duplicate stage id "a" (first used by stage 1)']);
  });

  it('reports an unknown variable', () => {
    const [line] = issuesOf(minimal('      - run: ping {{node3.ip}}\n'));
    expect(line).toMatch(/^x\.yaml:7:14: unknown variable \{\{node3\.ip\}\} \(did you mean \{\{node1\.ip\}\}\?\)/);
  });

  it('refuses a step with two actions, and a step with none', () => {
    expect(issuesOf(minimal('      - run: "true"\n        wait: { run: "true" }\n'))[0]).toMatch(/^x\.yaml:7:9: .*a step takes one action, found run and wait/);
    expect(issuesOf(minimal('      - title: nothing\n'))[0]).toMatch(/^x\.yaml:7:9: .*a step needs one action/);
  });

  it('refuses a bad duration and a bad exit expectation', () => {
    const lines = issuesOf(minimal('      - run: "true"\n        timeout: soon\n        expect: { exit: maybe }\n'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^x\.yaml:8:18: .*timeout: expected a duration/);
    expect(lines[1]).toMatch(/^x\.yaml:9:\d+: .*expect\.exit/);
  });

  it('reports a missing required field at its parent', () => {
    expect(issuesOf('name: t\nstages:\n  - id: one\n    title: One\n    steps: [{ run: "true" }]\n')[0]).toMatch(/^x\.yaml:1:1: .*title/);
  });
});

describe('errors an author can act on', () => {
  it('lists the accepted exit values', () => {
    expect(issuesOf(minimal('      - run: "false"\n        expect: { exit: failure }\n'))).toEqual([
      'x.yaml:8:25: stages.0.steps.0.expect.exit: expected 0, nonzero, any or a number from 0 to 255, found "failure"',
    ]);
  });

  it('says a stage with only checks has no steps', () => {
    const [line] = issuesOf('name: t\ntitle: T\nstages:\n  - id: one\n    title: One\n    check: [{ run: "true" }]\n');
    expect(line).toBe('x.yaml:4:5: the stage has no steps: add `steps:` (the solution, at least one step) before `check:`');
  });

  it('suggests a matcher for output: "text"', () => {
    expect(issuesOf(minimal('      - run: "true"\n        expect: { output: "hello" }\n'))).toEqual([
      'x.yaml:8:27: output takes a matcher: did you mean output: { contains: "hello" }?',
    ]);
  });

  it('points output: beside expect to expect.output, and contains: under expect to expect.output.contains', () => {
    expect(issuesOf(minimal('      - run: "true"\n        output: { contains: hi }\n'))).toEqual(['x.yaml:8:9: unknown key "output" (did you mean expect.output?)']);
    expect(issuesOf(minimal('      - run: "true"\n        expect: { contains: hi }\n'))).toEqual(['x.yaml:8:19: unknown key "contains" (did you mean expect.output.contains?)']);
  });

  it("reports a misspelt variable in a stage's title, goal and hint, and in the scenario's title", () => {
    const text = 'name: t\ntitle: T on {{regsitry.host}}\nstages:\n  - id: one\n    title: Push to {{registry.hots}}\n    goal: see {{node3.ip}}\n    hint: ask {{node1.hostnam}}\n    steps: [{ run: "true" }]\n';
    const lines = issuesOf(text);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^x\.yaml:2:8: unknown variable \{\{regsitry\.host\}\} \(did you mean \{\{registry\.host\}\}\?\)/);
    expect(lines[1]).toMatch(/^x\.yaml:5:12: unknown variable \{\{registry\.hots\}\}/);
    expect(lines[2]).toMatch(/^x\.yaml:6:11: unknown variable \{\{node3\.ip\}\}/);
    expect(lines[3]).toMatch(/^x\.yaml:7:11: unknown variable \{\{node1\.hostnam\}\} \(did you mean \{\{node1\.hostname\}\}\?\)/);
  });

  it('names a missing key', () => {
    expect(issuesOf('name: t\nstages:\n  - id: one\n    title: One\n    steps: [{ run: "true" }]\n')[0]).toBe('x.yaml:1:1: "title" is missing (expected a string, or { fr: …, en: … })');
  });

  it("points the hint at the format's docs and schema by paths that exist from the user's folder", () => {
    try {
      parseScenario(minimal('      - run: "true"\n        expct: {}\n'), 'x.yaml', ctx);
      throw new Error('expected a ScenarioError');
    } catch (e) {
      const hint = (e as ScenarioError).hint!;
      const paths = [...hint.matchAll(/(\S+\.(?:md|json))/g)].map((m) => m[1]!);
      expect(paths).toHaveLength(2);
      for (const p of paths) expect(existsSync(p), p).toBe(true);
    }
  });
});

describe('finding scenarios', () => {
  it('lists the available scenarios when a name is unknown', () => {
    try {
      resolveScenarioFile('tls-selfsigend');
      throw new Error('expected a UsageError');
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).message).toContain('did you mean tls-selfsigned?');
      expect((e as UsageError).hint).toContain('tls-selfsigned');
    }
  });
});
