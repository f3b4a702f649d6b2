import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { loadScenario } from '../../src/scenario/load.js';
import { openScenario } from '../../src/scenario/open.js';
import { projectRoot } from '../../src/paths.js';

const topology = loadTopology(undefined, {});
const ctx = { nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology), lang: 'fr' as const };

/** The commands' loader: the same scenario as the full loader, kept in the host's cache under a key of all it is made from. */
describe('openScenario (the cached loader)', () => {
  let cache: string;
  let dir: string;
  let file: string;
  const saved = process.env.LAB_CACHE;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'lab-cache-'));
    process.env.LAB_CACHE = cache;
    dir = mkdtempSync(join(tmpdir(), 'lab-scen-'));
    file = join(dir, 'registry-auth.yaml');
    copyFileSync(join(projectRoot, 'examples/registry-auth.yaml'), file); // a trainer's own scenario, shipped as an example
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LAB_CACHE;
    else process.env.LAB_CACHE = saved;
  });
  const entries = () => readdirSync(join(cache, 'scenarios'));

  it('gives what the full loader gives, the first time and from the cache', async () => {
    const full = loadScenario(file, ctx);
    expect(await openScenario(file, ctx)).toEqual(full);
    expect(entries()).toHaveLength(1);
    expect(await openScenario(file, ctx)).toEqual(full);
  });

  it('a hit is the cached entry itself, not a new parse', async () => {
    await openScenario(file, ctx);
    const entry = join(cache, 'scenarios', entries()[0]!);
    const data = JSON.parse(readFileSync(entry, 'utf8'));
    data.scenario.title = 'from the cache';
    writeFileSync(entry, JSON.stringify(data));
    expect((await openScenario(file, ctx)).title).toBe('from the cache');
  });

  it('an edited file is loaded again, in the same entry', async () => {
    await openScenario(file, ctx);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited'));
    expect((await openScenario(file, ctx)).title).toBe('Edited');
    expect(entries()).toHaveLength(1);
  });

  it('another lab (other addresses) or another language is another entry', async () => {
    const other = { ...ctx, variables: { ...ctx.variables, node2_ip: '10.9.9.2' } };
    await openScenario(file, ctx);
    await openScenario(file, other);
    await openScenario(file, { ...ctx, lang: 'en' });
    expect(entries()).toHaveLength(3);
  });

  it('a damaged entry counts as absent', async () => {
    await openScenario(file, ctx);
    writeFileSync(join(cache, 'scenarios', entries()[0]!), '{"key": ');
    expect(await openScenario(file, ctx)).toEqual(loadScenario(file, ctx));
  });

  it('a file with a problem is reported as always, located, and never cached', async () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace('stages:', 'stagse:'));
    await expect(openScenario(file, ctx)).rejects.toBeInstanceOf(ScenarioError);
    await expect(openScenario(file, ctx)).rejects.toThrow(/registry-auth\.yaml:\d+:\d+: .*stages/);
    expect(() => entries()).toThrow();
  });
});
