import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';

describe('published JSON Schema', () => {
  it('schema/scenario.schema.json is the schema the loader validates with (regenerate: npm run schema)', () => {
    const published = JSON.parse(readFileSync(join(projectRoot, 'schema/scenario.schema.json'), 'utf8'));
    expect(published).toEqual(scenarioJsonSchema());
  });

  it('lets editors complete step keys and reject unknown ones', () => {
    const schema = scenarioJsonSchema() as { properties: { stages: { items: { properties: { steps: { items: { properties: object; additionalProperties: unknown } } } } } } };
    const step = schema.properties.stages.items.properties.steps.items;
    expect(Object.keys(step.properties)).toEqual(expect.arrayContaining(['on', 'run', 'write', 'copy', 'wait', 'expect', 'retry', 'timeout']));
    expect(step.additionalProperties).toBe(false);
  });
});
