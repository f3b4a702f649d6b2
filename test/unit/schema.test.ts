import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { projectRoot } from '../../src/paths.js';
import { parseScenario } from '../../src/scenario/load.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';

const published = JSON.parse(readFileSync(join(projectRoot, 'schema/scenario.schema.json'), 'utf8'));
// A real JSON Schema validator, as an editor's YAML extension uses: not zod.
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);
const topology = loadTopology(undefined, {});
const ctx = { nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology) };

const yamlFiles = (dir: string) => readdirSync(join(projectRoot, dir)).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`);

describe('published JSON Schema', () => {
  it('schema/scenario.schema.json is the schema the loader validates with (regenerate: npm run schema)', () => {
    expect(published).toEqual(scenarioJsonSchema());
  });

  it('lets editors complete step keys and reject unknown ones', () => {
    const schema = scenarioJsonSchema() as { properties: { stages: { items: { properties: { steps: { items: { properties: object; additionalProperties: unknown } } } } } } };
    const step = schema.properties.stages.items.properties.steps.items;
    expect(Object.keys(step.properties)).toEqual(expect.arrayContaining(['on', 'run', 'write', 'copy', 'wait', 'expect', 'retry', 'timeout']));
    expect(step.additionalProperties).toBe(false);
  });

  it('describes stdout and stderr as their own streams', () => {
    const expectSchema = (published.properties.stages.items.properties.steps.items.properties.expect as { properties: Record<string, { description: string }> }).properties;
    expect(expectSchema.stdout!.description).toBe('stdout only');
    expect(expectSchema.stderr!.description).toBe('stderr only');
    expect(expectSchema.output!.description).toMatch(/stdout, then stderr/);
  });
});

describe('a real JSON Schema validator (ajv) agrees with the loader', () => {
  it.each([...yamlFiles('scenarios'), ...yamlFiles('examples')])('accepts %s', (file) => {
    const text = readFileSync(join(projectRoot, file), 'utf8');
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(() => parseScenario(text, file, ctx)).not.toThrow();
  });

  const step = (lines: string) => `name: bad\ntitle: Bad\nstages:\n  - id: one\n    title: One\n    steps:\n      - ${lines.trim().split('\n').join('\n        ')}\n`;
  const bad: [string, string][] = [
    ['two actions in one step', step('run: "true"\nwait: { run: "true" }')],
    ['a step with no action', step('title: nothing to do')],
    ['timeout: banana', step('run: "true"\ntimeout: banana')],
    ['interval: 2 seconds', step('run: "true"\nretry: { attempts: 3, interval: 2 seconds }')],
    ["wait's timeout: soon", step('wait: { run: "true", timeout: soon }')],
    ['exit: failure', step('run: "false"\nexpect: { exit: failure }')],
    ['exit: 256', step('run: "false"\nexpect: { exit: 256 }')],
    ['output: "text"', step('run: "true"\nexpect: { output: "text" }')],
    ['output: beside expect', step('run: "true"\noutput: { contains: x }')],
    ['a stage with no steps', 'name: bad\ntitle: Bad\nstages:\n  - id: one\n    title: One\n    check: [{ run: "true" }]\n'],
  ];
  it.each(bad)('rejects %s, as the loader does', (_what, text) => {
    expect(validate(parse(text))).toBe(false);
    expect(() => parseScenario(text, 'bad.yaml', ctx)).toThrow(ScenarioError);
  });
});
