import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchExpectation } from '../../src/engine/match.js';
import type { ExecResult } from '../../src/engine/nodes.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Step } from '../../src/scenario/model.js';

/**
 * The acme scenario against outputs captured on node2 (certbot 2.1, pebble 2.4, registry 2.8.2),
 * 2026-11-26: certbot-yourdomain-real.txt (the seed's `sudo certbot certonly --standalone -d
 * yourdomain.com` with the lab's cli.ini), registry-letsencrypt-live-only-real.txt (the registry's
 * last log line with only live/ mounted), certbot-renew-force-real.txt (a forced renewal, with
 * --no-random-sleep-on-renew: 1.7 s), acme-served-old-serial-real.txt (right after that renewal,
 * before `docker restart registry`), push-acme-served-old-cert-real.txt (node1's push then: same root).
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');
const topology = loadTopology(undefined, {});
const scenario = loadScenario('acme', { nodes: ['node1', 'node2'], variables: topologyVariables(topology), lang: 'en' });
const find = (stage: string, title: RegExp): Step => {
  const s = scenario.stages.find((st) => st.id === stage)!.steps.find((st) => title.test(st.title));
  if (!s) throw new Error(`no step ${title} in ${stage}`);
  return s;
};
const ok = (step: Step, r: ExecResult) => matchExpectation(step.expect, r).ok;

describe("acme's expectations against the real outputs", () => {
  it("the seed's -d yourdomain.com fails on the domain, not on the CA", () => {
    const s = find('certbot-literal', /seed's line FAILS/);
    expect(ok(s, { stdout: '', stderr: fixture('certbot-yourdomain-real.txt'), code: 1 })).toBe(true);
    // certbot failing to reach the ACME server at all is another failure.
    expect(ok(s, { stdout: '', stderr: 'An unexpected error occurred:\nrequests.exceptions.SSLError: HTTPSConnectionPool(host=\'localhost\', port=14000)\n', code: 1 })).toBe(false);
  });

  it('live/ alone: the registry stops on a broken link', () => {
    expect(ok(find('registry-letsencrypt', /log says why/), { stdout: '', stderr: fixture('registry-letsencrypt-live-only-real.txt'), code: 0 })).toBe(true);
  });

  it('the forced renewal succeeds and the registry keeps the old certificate until it restarts', () => {
    expect(ok(find('renew', /forced renewal/), { stdout: fixture('certbot-renew-force-real.txt'), stderr: '', code: 0 })).toBe(true);
    expect(ok(find('renew', /still serves the old/), { stdout: fixture('acme-served-old-serial-real.txt'), stderr: '', code: 0 })).toBe(true);
    expect(ok(find('renew', /serves the new/), { stdout: fixture('acme-served-old-serial-real.txt'), stderr: '', code: 1 })).toBe(false);
    expect(ok(find('renew', /still pushes/), { stdout: fixture('push-acme-served-old-cert-real.txt'), stderr: '', code: 0 })).toBe(true);
  });

  it('renewal runs without certbot\'s random sleep (116 s measured without the flag)', () => {
    const s = find('renew', /forced renewal/);
    expect(s.action.kind === 'run' && s.action.command).toContain('--no-random-sleep-on-renew');
    expect(s.seed).toBe('certbot renew --force-renewal');
  });
});
