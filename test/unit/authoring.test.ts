import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { projectRoot } from '../../src/paths.js';
import { scenarioDirs, shippedScenariosDir } from '../../src/scenario/catalog.js';
import { expectExit, lab } from '../support/cli.js';

/** `lab new`, `lab lint` and a trainer's own scenario folder: none of them needs a lab. */
const dir = mkdtempSync(join(tmpdir(), 'lab-authoring-'));
const fixtures = join(projectRoot, 'test/fixtures/scenarios');

describe('lab new and lab lint', () => {
  it('lab new x writes a skeleton that lab lint passes with no warning, and a JSON Schema validator accepts', async () => {
    expectExit(await lab(['new', join(dir, 'x')]), 0);
    const text = readFileSync(join(dir, 'x.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${join(projectRoot, 'schema/scenario.schema.json')}`);
    const r = await lab(['lint', join(dir, 'x.yaml')]);
    expectExit(r, 0);
    expect(r.stdout).toContain('lint: 1 file, 0 errors, 0 warnings');
    const schema = JSON.parse(readFileSync(join(projectRoot, 'schema/scenario.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  }, 30_000);

  it('lab new refuses to overwrite, and refuses a name that is not one', async () => {
    const again = await lab(['new', join(dir, 'x')]);
    expectExit(again, 2);
    expect(again.stderr).toContain('exists already');
    expect(again.stderr).toContain('--force');
    expectExit(await lab(['new', join(dir, 'Not_A_Name')]), 2);
  }, 30_000);

  it('lab lint reports file:line:col and exits 2 on an error, warns about missing checks and hints', async () => {
    const r = await lab(['lint', fixtures]);
    expectExit(r, 2);
    expect(r.stdout).toContain('typo.yaml:9:9: error: unknown key "expct" (did you mean expect?)');
    expect(r.stdout).toMatch(/broken-expected-failure\.yaml:5:5: warning: stage "silent" has no check/);
    expect(r.stdout).toMatch(/trivial-check\.yaml:5:5: warning: stage "always-true" has no hint/);
    expect(r.stderr).toContain('lab: lint: 3 files, 1 error, 2 warnings');
  }, 30_000);

  it('lab lint --strict fails on warnings alone', async () => {
    expectExit(await lab(['lint', join(fixtures, 'trivial-check.yaml')]), 0);
    expectExit(await lab(['lint', '--strict', join(fixtures, 'trivial-check.yaml')]), 2);
  }, 30_000);
});

describe("a trainer's own scenario folder", () => {
  it('--scenarios DIR and LAB_SCENARIOS find a scenario by name, before the shipped ones', async () => {
    const byFlag = await lab(['list', '--scenarios', dir, '--json']);
    expectExit(byFlag, 0);
    const names = (JSON.parse(byFlag.stdout) as { scenarios: { name: string }[] }).scenarios.map((s) => s.name);
    expect(names).toContain('x');
    expect(names).toContain('tls-selfsigned');
    const hint = await lab(['hint', 'x', 'hello-file'], { LAB_SCENARIOS: dir });
    expectExit(hint, 0);
    expect(hint.stdout).toContain('hint: write the file on node1');
    const unknown = await lab(['hint', 'x', 'hello-file']);
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('--scenarios DIR or LAB_SCENARIOS');
  }, 30_000);

  it('a folder of its own overrides a shipped scenario of the same name', () => {
    const own = mkdtempSync(join(tmpdir(), 'lab-own-'));
    writeFileSync(join(own, 'tls-selfsigned.yaml'), 'name: tls-selfsigned\n');
    const other = mkdtempSync(join(tmpdir(), 'lab-other-'));
    expect(scenarioDirs({ LAB_SCENARIOS: `${other}:${own}` }, [dir])).toEqual([dir, other, own, shippedScenariosDir]);
  });

  it('a folder that does not exist is a usage error naming where it came from', () => {
    expect(() => scenarioDirs({ LAB_SCENARIOS: join(dir, 'nope') }, [])).toThrow(UsageError);
    expect(() => scenarioDirs({}, [join(dir, 'nope')])).toThrow(/from --scenarios/);
  });
});

describe('docs/scenarios.md', () => {
  it("shows the very scenario `lab new` writes", async () => {
    const { skeleton } = await import('../../src/scenario/skeleton.js');
    const docs = readFileSync(join(projectRoot, 'docs/scenarios.md'), 'utf8');
    expect(docs).toContain(skeleton('hello', 'X').split('\n').slice(4).join('\n').trimEnd());
  });

  it('names every key of the format', async () => {
    const { allowedKeysAt } = await import('../../src/scenario/suggest.js');
    const { Scenario } = await import('../../src/scenario/schema.js');
    const docs = readFileSync(join(projectRoot, 'docs/scenarios.md'), 'utf8');
    const paths: (string | number)[][] = [[], ['stages', 0], ['stages', 0, 'steps', 0], ['stages', 0, 'steps', 0, 'expect'], ['stages', 0, 'steps', 0, 'expect', 'output'], ['stages', 0, 'steps', 0, 'write'], ['stages', 0, 'steps', 0, 'copy'], ['stages', 0, 'steps', 0, 'wait'], ['stages', 0, 'steps', 0, 'retry']];
    const keys = [...new Set(paths.flatMap((p) => allowedKeysAt(Scenario, p)))];
    expect(keys.length).toBeGreaterThan(30);
    // Each key appears inside a code span, as a word of its own (`$schema`, `not_contains`, `{ from: …`).
    const inCode = (key: string) => new RegExp(`\`[^\`\n]*(?<![\\w$])${key.replace('$', '\\$')}(?!\\w)[^\`\n]*\``);
    for (const key of keys) expect(docs, key).toMatch(inCode(key));
  });
});
