import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { baselineDrift } from '../../src/nodes/baseline.js';
import { providerFor } from '../../src/nodes/provider/index.js';
import { loadTopology } from '../../src/nodes/topology.js';
import { projectRoot } from '../../src/paths.js';
import { expectExit, lab } from '../support/cli.js';
import { sshTo, useRunningLab } from '../support/running-lab.js';

/**
 * End to end, on the real nodes: Vagrant boots node1 and node2 (docker provider), the real
 * walkthrough runs over SSH, and `lab down` must leave nothing. These tests never skip: without
 * Docker or Vagrant they fail, in CI as anywhere (use `npm run test:unit` for the fast subset).
 */
const names = loadTopology().nodes.map((n) => n.name);
const fixtures = join(projectRoot, 'test/fixtures/scenarios');
const reports = mkdtempSync(join(tmpdir(), 'lab-e2e-'));

describe('the two-node lab, for real', () => {
  const running = useRunningLab();
  const topology = () => running.lab.topology;

  it('lab up is idempotent: a second run finds the nodes running', async () => {
    const again = await lab(['up']);
    expectExit(again, 0);
    expect(again.stdout).toContain('already running');
  }, 120_000);

  it('lab status --json lists both nodes running with their private IPs', async () => {
    const r = await lab(['status', '--json']);
    expectExit(r, 0);
    expect(JSON.parse(r.stdout).nodes).toEqual(topology().nodes.map((n) => ({ name: n.name, state: 'running', ip: n.ip, ssh: true })));
  });

  it('Docker answers on both nodes through the SSH transport', async () => {
    for (const node of names) {
      const r = await running.nodes.exec(node, "docker info --format '{{.ServerVersion}} {{.Name}}'");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^\\d+\\.\\d+\\.\\d+\\S* ${node}$`));
    }
  });

  it("node1 resolves registry.mydom.com to node2's private IP and reaches it", async () => {
    const hosts = await running.nodes.exec('node1', 'getent hosts registry.mydom.com');
    expect(hosts.stdout.trim()).toBe(`${topology().registry.ip}  registry.mydom.com`);
    const ping = await running.nodes.exec('node1', `ping -c 1 -W 2 ${topology().registry.ip}`);
    expect(ping.code, ping.stdout + ping.stderr).toBe(0);
  });

  it('plain Vagrant drives the same nodes from any folder: eval "$(lab env)"; vagrant ssh node1 -c docker info', async () => {
    const script = `eval "$(node ${join(projectRoot, 'bin/lab.js')} env)" && vagrant ssh node1 -c "docker info --format '{{.ServerVersion}}'"`;
    const r = await execa('bash', ['-c', script], { cwd: tmpdir(), reject: false });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout).trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 60_000);

  it('lab doctor finds this host fit, and lab images names the offline stand-ins', async () => {
    const doctor = await lab(['doctor']);
    expectExit(doctor, 0);
    expect(doctor.stdout).toMatch(/✓ Docker engine \d+\.\d+/);
    expect(doctor.stdout).toContain('✓ debootstrap present');
    const images = JSON.parse((await lab(['images', '--json'])).stdout).images as { ref: string; id: string }[];
    expect(images.map((i) => i.ref)).toEqual(['registry:2', 'nginx:1.14']);
    for (const i of images) expect(i.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  }, 60_000);

  it('the Vagrantfile also loads for the virtualbox provider (laptops)', async () => {
    const r = await execa('vagrant', ['validate'], { cwd: projectRoot, reject: false, env: { VAGRANT_CHECKPOINT_DISABLE: '1', LAB_PROVIDER: 'virtualbox' } });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toContain('Vagrantfile validated successfully.');
  }, 60_000);

  it('lab ssh passes the exit code through, and refuses an unknown node with exit 2', async () => {
    expect((await lab(['ssh', 'node2', '--', 'exit 7'])).exitCode).toBe(7);
    const bad = await lab(['ssh', 'node3']);
    expectExit(bad, 2);
    expect(bad.stderr).toBe('lab: unknown node "node3"\nhint: nodes: node1, node2');
  });

  it('lab up recovers a node left stopped (e.g. after the host Docker restarted)', async () => {
    await execa('docker', ['stop', `${topology().id}-node1`]);
    const status = await lab(['status', '--json']);
    expect(JSON.parse(status.stdout).nodes[0].state).toBe('stopped');
    expectExit(await lab(['up']), 0);
    running.nodes.dispose();
    running.nodes = sshTo();
    const r = await running.nodes.exec('node1', 'docker info --format ok');
    expect(r.stdout).toBe('ok');
  }, 300_000);

  it('student mode: a stage not done fails its check; lab solve --to catches up; the check then passes', async () => {
    const before = await lab(['check', 'tls-selfsigned', 'http-registry']);
    expectExit(before, 1);
    expect(before.stdout).toContain('✗');
    expect(before.stderr).toContain('stage "http-registry" is not done yet');
    expect(before.stderr).toContain('hint: A Docker daemon only talks HTTPS');
    expectExit(await lab(['solve', 'tls-selfsigned', '--to', 'http-registry']), 0);
    expectExit(await lab(['check', 'tls-selfsigned', 'http-registry']), 0);
    const status = await lab(['status', '--json']);
    expect(JSON.parse(status.stdout).progress).toEqual({ 'tls-selfsigned': { stage: 'http-registry', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
    // Without a stage, `lab check` checks the stage the student is on: the next one, not done yet.
    const next = await lab(['check', 'tls-selfsigned', '--json']);
    expectExit(next, 1);
    expect(JSON.parse(next.stdout)).toMatchObject({ stage: 'insecure-registries', ok: false });
  }, 300_000);

  it("solving twice within a minute does not hit docker.service's start limit (4 restarts)", async () => {
    expectExit(await lab(['solve', 'tls-selfsigned', '--to', 'tls-registry']), 0);
    expectExit(await lab(['solve', 'tls-selfsigned', '--to', 'tls-registry']), 0);
  }, 300_000);

  it('lab test: every check fails before its solution and passes after; valid JUnit, a suite per stage', async () => {
    const xml = join(reports, 'test.xml');
    const r = await lab(['test', 'tls-selfsigned', '--report', 'junit', xml]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/tls-selfsigned: self-test passed/);
    const junit = readFileSync(xml, 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(8);
    expect(junit).not.toContain('<failure');
    for (const suite of junit.split('<testsuite ').slice(1)) expect(suite).toContain('<testcase ');
  }, 600_000);

  it('lab test catches a check that passes before its solution, naming the stage', async () => {
    const r = await lab(['test', join(fixtures, 'trivial-check.yaml')]);
    expectExit(r, 1);
    expect(r.stderr).toContain('trivial-check: the checks of "always-true" pass before its solution: they do not test the stage');
  }, 300_000);

  it('lab run tls-selfsigned: every stage of seed 002, expected failures included', async () => {
    const md = join(reports, 'run.md');
    const xml = join(reports, 'run.xml');
    const r = await lab(['run', 'tls-selfsigned', '--report', 'md', md, '--report', 'junit', xml]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/tls-selfsigned: Count: \d+, Failed: 0/);
    const transcript = readFileSync(md, 'utf8');
    expect(transcript).toContain('http: server gave HTTP response to HTTPS client');
    expect(transcript).toContain('x509: certificate signed by unknown authority');
    expect(transcript).toMatch(/digest: sha256:[0-9a-f]{64}/);
    expect(readFileSync(xml, 'utf8').match(/<testsuite /g)).toHaveLength(8);
  }, 600_000);

  it('lab reset returns both nodes to the baseline recorded at lab up', async () => {
    expect(Object.values(await baselineDrift(running.lab, running.nodes, names)).flat().length).toBeGreaterThan(0);
    const r = await lab(['reset']);
    expectExit(r, 0);
    expect(await baselineDrift(running.lab, running.nodes, names)).toEqual({ node1: [], node2: [] });
    const certs = await running.nodes.exec('node1', 'ls -A /etc/docker/certs.d 2>/dev/null; test -e /etc/docker/daemon.json && echo daemon.json; docker ps -aq; ls ~');
    expect(certs.stdout.trim()).toBe('');
  }, 120_000);

  it('a second run passes too (no start-limit trap, nothing left over)', async () => {
    expectExit(await lab(['run', 'tls-selfsigned']), 0);
  }, 600_000);

  it('a scenario whose expected failure silently works makes lab run exit 1', async () => {
    const r = await lab(['run', join(fixtures, 'broken-expected-failure.yaml')]);
    expectExit(r, 1);
    expect(r.stderr).toContain('stage "silent" did not go as the workshop says');
    expect(r.stderr).toContain('expected a non-zero exit (the step must fail), found exit 0');
  }, 300_000);

  it('a misspelt scenario is refused before any node is touched: file:line:col, exit 2, no stack', async () => {
    const r = await lab(['run', join(fixtures, 'typo.yaml')]);
    expectExit(r, 2);
    expect(r.stderr).toMatch(/typo\.yaml:9:9: unknown key "expct" \(did you mean expect\?\)/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('lab down destroys everything carrying the lab id, and says so', async () => {
    running.nodes.dispose();
    const r = await lab(['down']);
    expectExit(r, 0);
    expect(await providerFor('docker').leftovers(running.lab)).toEqual({ containers: [], networks: [], volumes: [] });
    const status = await lab(['status', '--json']);
    expect(JSON.parse(status.stdout).nodes.map((n: { state: string }) => n.state)).toEqual(['not created', 'not created']);
  }, 300_000);
});
