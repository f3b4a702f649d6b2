import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFile } from '../../src/scenario/lint.js';

describe('lab lint: translations', () => {
  it('warns, located, about every { fr, en } text that lacks a language; plain strings serve both', () => {
    const r = lintFile(join(import.meta.dirname, '../fixtures/lint/half-translated.yaml'), { nodes: ['node1', 'node2'], variables: {}, lang: 'fr' });
    expect(r.errors).toEqual([]);
    const messages = r.warnings.map((w) => `${w.line}: ${w.message}`);
    expect(messages).toContain('3: title has no en text: students reading in en get the other language');
    expect(messages).toContain('7: stages.0.hint has no fr text: students reading in fr get the other language');
    expect(messages).toContain('9: stages.0.steps.0.title has no en text: students reading in en get the other language');
    expect(messages.filter((m) => m.includes('has no'))).toHaveLength(3);
  });
});
