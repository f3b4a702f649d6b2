import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { displayCommand } from '../../src/engine/step.js';
import { loadTopology, topologyVariables } from '../../src/nodes/topology.js';
import { projectRoot } from '../../src/paths.js';
import { loadScenario } from '../../src/scenario/load.js';
import { expectExit, lab } from '../support/cli.js';
import { useRunningLab } from '../support/running-lab.js';

/**
 * A trainer's own scenarios (examples/), on the real nodes: they lint clean, run, self-test, and
 * give an answer key and a handout. Sorts before workshop.test.ts, which ends with `lab down`.
 */
const examples = join(projectRoot, 'examples');
const reports = mkdtempSync(join(tmpdir(), 'lab-authoring-e2e-'));
const topology = loadTopology();
const ctx = { nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology) };
const scenarios = ['registry-auth', 'registry-by-name'].map((n) => loadScenario(n, ctx, [examples]));

describe("a trainer's own scenarios, for real", () => {
  const running = useRunningLab();

  it('lab lint examples: clean, without a lab', async () => {
    const r = await lab(['lint', examples]);
    expectExit(r, 0);
    expect(r.stdout).toContain('lint: 2 files, 0 errors, 0 warnings');
  });

  it('lab run --scenarios examples: TLS + htpasswd with login/logout, and node2 pulling by name', async () => {
    const r = await lab(['run', '--scenarios', examples, 'registry-auth', 'registry-by-name', '--report', 'md', join(reports, 'key.md'), '--report', 'handout', join(reports, 'handout.md')]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/registry-auth: Count: 13, Failed: 0/);
    expect(r.stdout).toMatch(/registry-by-name: Count: 10, Failed: 0/);
    expect(r.stdout).toContain('the push FAILS — no credentials (failed, as expected)'); // titles, not commands
    const key = readFileSync(join(reports, 'key.md'), 'utf8');
    expect(key).toContain('Error response from daemon: login attempt to https://registry.mydom.com:5000/v2/ failed with status: 401 Unauthorized');
    expect(key).toContain('Removing login credentials for registry.mydom.com:5000');
    expect(key).toMatch(/dial tcp: lookup registry\.mydom\.com.*no such host/);
    expect(key).toMatch(/· \d+ attempts/); // the pull waits for the daemon to read /etc/hosts again
  }, 300_000);

  it('the handout holds the observations but no solution command', async () => {
    const handout = readFileSync(join(reports, 'handout.md'), 'utf8');
    expect(handout).toContain('no basic auth credentials');
    expect(handout).toContain('server gave HTTP response to HTTPS client');
    expect(handout).toContain('`lab check registry-auth login` verifies:');
    for (const scenario of scenarios) {
      for (const step of scenario.stages.flatMap((s) => [...s.steps, ...s.checks])) {
        const command = displayCommand(step.action);
        expect(handout, command).not.toContain(command.trim());
        for (const line of command.split('\n').map((l) => l.trim()).filter((l) => l.length >= 20)) expect(handout, line).not.toContain(line);
      }
    }
  });

  it("a copy, as the answer key shows it, works when a person types it", async () => {
    const key = readFileSync(join(reports, 'key.md'), 'utf8');
    const typed = /host\$ (lab ssh node2 .*\nlab ssh node1 .*)\n/.exec(key)![1]!;
    const ca = '/etc/docker/certs.d/registry.mydom.com:5000/ca.crt';
    // `lab run` reset the nodes before its second scenario: make the first stage's state again.
    expectExit(await lab(['solve', '--scenarios', examples, 'registry-auth', '--to', 'tls-registry', '--plain']), 0);
    expect((await running.nodes.exec('node1', `sudo rm ${ca}`)).code).toBe(0);
    const r = await execa('bash', ['-c', typed.replace(/^lab /gm, `node ${join(projectRoot, 'bin/lab.js')} `)], { cwd: reports, reject: false });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const sums = await Promise.all([
      running.nodes.exec('node2', 'sha256sum < certs/domain.crt'),
      running.nodes.exec('node1', `sudo sha256sum < ${ca} && stat -c %a ${ca}`),
    ]);
    expect(sums[1].stdout).toBe(`${sums[0].stdout}\n644`);
  }, 120_000);

  it('lab test: each check fails before its stage and passes after', async () => {
    const r = await lab(['test', 'registry-auth', 'registry-by-name'], { LAB_SCENARIOS: examples });
    expectExit(r, 0);
    expect(r.stdout).toMatch(/registry-auth: self-test passed — Count: 4 checked stages, Failed: 0/);
    expect(r.stdout).toMatch(/registry-by-name: self-test passed — Count: 3 checked stages, Failed: 0/);
  }, 300_000);
});
