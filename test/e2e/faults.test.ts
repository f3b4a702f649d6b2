import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineDrift } from '../../src/nodes/baseline.js';
import { inotifyUse } from '../../src/nodes/host-limits.js';
import { openLab } from '../../src/nodes/lab/record.js';
import { projectRoot } from '../../src/paths.js';
import { expectExit, lab } from '../support/cli.js';
import { sshTo } from '../support/running-lab.js';

/**
 * Fault injection on a lab of its own (`--lab faults`): what a room multiplies — steps that
 * outlive their timeout, Ctrl-C, a node killed mid-run, sshd gone, damaged state files. Each
 * fault must end as an environment error (exit 3) or heal, never as a student's failure.
 */
const id = 'faults';
const fixtures = join(projectRoot, 'test/fixtures/faults');
const onLab = (...args: string[]) => lab(['--lab', id, ...args]);
const onNode = async (node: string, command: string) => {
  const nodes = sshTo(id);
  try {
    return await nodes.exec(node, command);
  } finally {
    nodes.dispose();
  }
};

describe('faults on a lab of its own', () => {
  let firstUp: Awaited<ReturnType<typeof lab>>;
  beforeAll(async () => {
    firstUp = await onLab('up');
    expectExit(firstUp, 0);
  }, 600_000);
  afterAll(async () => expectExit(await onLab('down', '--force'), 0), 300_000);

  // First, while the lab is as its `lab up` left it.
  it('a fresh lab up: the node image carries the workshop images, the baseline is taken while Vagrant finishes and holds', async () => {
    expect(firstUp.stdout).toContain('workshop images present in the nodes');
    expect(firstUp.stdout).toContain('Baseline recorded while Vagrant finished');
    const nodes = sshTo(id);
    try {
      expect(await baselineDrift(openLab(id), nodes, ['node1', 'node2'])).toEqual({ node1: [], node2: [] });
    } finally {
      nodes.dispose();
    }
  }, 60_000);

  it('the same lab id in another state folder (another user of this host): its lab up refuses, naming the live lab; its lab down leaves that lab alone', async () => {
    const other = mkdtempSync(join(tmpdir(), 'lab-e2e-other-state-'));
    const inOther = (...args: string[]) => lab(['--lab', id, ...args], { LAB_STATE: other });
    const refused = await inOther('up');
    expectExit(refused, 3);
    expect(refused.stderr).toContain(`lab id "${id}" is taken on this Docker host by a lab of another state folder (${openLab(id).files.dir}: ${id}-node1, ${id}-node2)`);
    expect(refused.stderr).toContain(`lab up --lab ${id}-2`);
    expect(refused.stderr).toContain(`LAB_STATE='${join(openLab(id).files.dir, '..', '..')}' lab --lab ${id} down`);
    const down = await inOther('down');
    expectExit(down, 0);
    expect(down.stdout).toContain('is down');
    const status = await onLab('status', '--json');
    expectExit(status, 0);
    expect((JSON.parse(status.stdout) as { nodes: { state: string }[] }).nodes.map((n) => n.state)).toEqual(['running', 'running']);
    expect((await onNode('node1', 'hostname')).stdout.trim()).toBe('node1');
  }, 120_000);

  it('dockerd left running a configuration its file no longer holds: seen as drift, and lab reset restarts it; certs.d alone does not', async () => {
    const insecure = `docker info --format '{{range $k, $v := .RegistryConfig.IndexConfigs}}{{$k}} {{end}}'`;
    await onNode('node1', `echo '{"insecure-registries": ["node2:5000"]}' | sudo tee /etc/docker/daemon.json >/dev/null && sudo systemctl restart docker && sudo rm /etc/docker/daemon.json`);
    expect((await onNode('node1', insecure)).stdout).toContain('node2:5000');
    const nodes = sshTo(id);
    try {
      const drift = await baselineDrift(openLab(id), nodes, ['node1']);
      expect(drift.node1?.join('\n')).toContain('dockerd started with');
    } finally {
      nodes.dispose();
    }
    const reset = await onLab('reset');
    expectExit(reset, 0);
    expect(reset.stdout).toContain('dockerd restarted on node1');
    expect((await onNode('node1', insecure)).stdout).not.toContain('node2:5000');

    await onNode('node1', 'sudo mkdir -p /etc/docker/certs.d/node2:5000 && sudo touch /etc/docker/certs.d/node2:5000/ca.crt');
    const again = await onLab('reset');
    expectExit(again, 0);
    expect(again.stdout).not.toContain('dockerd restarted');
    expect((await onNode('node1', 'ls /etc/docker')).stdout).not.toContain('certs.d');
  }, 120_000);

  it('a step past its timeout is stopped on the node, its whole process group', async () => {
    const r = await onLab('run', join(fixtures, 'step-timeout.yaml'), '--no-reset');
    expectExit(r, 1);
    expect(r.stderr).toContain('found timed out');
    await new Promise((res) => setTimeout(res, 3_000)); // timeout -k 2: TERM, then KILL after 2 s
    expect((await onNode('node1', 'pgrep -fa "sleep 10[01]" || true')).stdout.trim()).toBe('');
  }, 120_000);

  it('a wait that gives up says so, and for how long it tried', async () => {
    const r = await onLab('run', join(fixtures, 'wait-gives-up.yaml'), '--no-reset');
    expectExit(r, 1);
    expect(r.stderr).toMatch(/found gave up after 2 s of waiting \(last try: exit 1\)/);
  }, 120_000);

  it('Ctrl-C during a step: the step stops on the node, reports and progress are written, exit 130', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'lab-int-')), 'run.json');
    const child = execa('node', [join(projectRoot, 'bin/lab.js'), 'run', join(fixtures, 'long-step.yaml'), '--lab', id, '--report', 'json', report], { reject: false });
    for (let i = 0; i < 100 && !(await onNode('node1', 'pgrep -f "[s]leep 102"')).stdout.trim(); i++) await new Promise((res) => setTimeout(res, 200));
    const started = Date.now();
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(String(r.stderr)).toMatch(/lab: interrupted\nhint: .*`lab reset`/);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toBeTruthy();
    expect((await onNode('node1', 'pgrep -fa "[s]leep 102" || true')).stdout.trim()).toBe('');
    expect(existsSync(openLab(id).files.lock)).toBe(false);
    expect(JSON.parse((await onLab('status', '--json')).stdout).progress['long-step']).toMatchObject({ stage: 'first' });
  }, 120_000);

  // The kill may land before the run's first connection to node2 (a slow machine) or in the middle of a
  // step: both must name node2 as stopped, not a refused port or a student's failure.
  it('node2 killed mid-run is an environment error naming node2 (exit 3), not a student failure', async () => {
    expectExit(await onLab('reset'), 0);
    const run = onLab('run', 'tls-selfsigned', '--no-reset');
    await new Promise((res) => setTimeout(res, 2_500));
    await execa('docker', ['kill', `${id}-node2`]);
    const r = await run;
    expectExit(r, 3);
    expect(r.stderr).toMatch(/node2 (is stopped|stopped answering|does not answer)/);
    expect(r.stderr).toContain(`lab up --lab ${id}`);
  }, 300_000);

  it('lab up brings node2 back; nothing stale is left (docker-proxy, containers): two runs pass', async () => {
    expectExit(await onLab('up'), 0);
    expectExit(await onLab('run', 'tls-selfsigned'), 0);
    expectExit(await onLab('run', 'tls-selfsigned'), 0);
  }, 600_000);

  it('sshd stopped in node1: status and doctor say so, lab ssh says why, lab up repairs it', async () => {
    await execa('docker', ['exec', `${id}-node1`, 'systemctl', 'stop', 'ssh.socket', 'ssh.service']);
    const status = JSON.parse((await onLab('status', '--json')).stdout) as { nodes: { name: string; ssh?: boolean }[] };
    expect(status.nodes.find((n) => n.name === 'node1')).toMatchObject({ state: 'running', ssh: false });
    const doctor = await onLab('doctor');
    expectExit(doctor, 3);
    expect(doctor.stdout).toContain(`lab "${id}": node1 runs but its SSH does not answer`);
    const ssh = await onLab('ssh', 'node1', '--', 'true');
    expectExit(ssh, 3);
    expect(ssh.stderr).toContain('cannot reach node1 over SSH');
    const up = await onLab('up');
    expectExit(up, 0);
    expect(up.stdout).toContain('restarted node1');
    expectExit(await onLab('ssh', 'node1', '--', 'true'), 0);
  }, 300_000);

  it("a node's host key that is not the one recorded at lab up is refused (exit 3); lab up records it again", async () => {
    const l = openLab(id);
    const file = join(l.files.dir, 'ssh.json');
    const entries = JSON.parse(readFileSync(file, 'utf8')) as { host: string; hostKeys?: string[] }[];
    expect(entries.every((e) => (e.hostKeys ?? []).length > 0)).toBe(true);
    expect(readFileSync(join(l.files.dir, 'known_hosts'), 'utf8')).toMatch(/^\[127\.0\.0\.1\]:\d+ ssh-ed25519 AAAA/m);
    writeFileSync(file, JSON.stringify(entries.map((e) => ({ ...e, hostKeys: ['AAAAC3NzaC1lZDI1NTE5AAAAIBogusBogusBogusBogusBogusBogusBogusBogusBo'] }))));
    const reset = await onLab('reset');
    expectExit(reset, 3);
    expect(reset.stderr).toMatch(/presented an SSH host key that is not the one recorded at `lab up`/);
    expectExit(await onLab('up'), 0);
    expectExit(await onLab('reset'), 0);
  }, 300_000);

  it('damaged state files are named in one line and rebuilt by lab up', async () => {
    const l = openLab(id);
    writeFileSync(l.files.baseline, '{"node1": "trunc');
    const reset = await onLab('reset');
    expectExit(reset, 3);
    expect(reset.stderr).toMatch(new RegExp(`^lab: state file ${l.files.baseline} is damaged \\(Unterminated string in JSON at position 16[^\n]*\\)\nhint: run \`lab up\` to rebuild it \\(or delete the file\\)$`));
    writeFileSync(l.files.progress, 'garbage');
    expectExit(await onLab('status'), 0); // only a cache: ignored
    expectExit(await onLab('up'), 0);
    expectExit(await onLab('reset'), 0);
    writeFileSync(l.files.record, '{"node1": 42}');
    const status = await onLab('status');
    expectExit(status, 3);
    expect(status.stderr).toMatch(/^lab: state file .*lab\.json is damaged/);
    const up = await onLab('up');
    expectExit(up, 0);
    expect(up.stderr).toContain('rebuilding the lab');
    expectExit(await onLab('run', 'tls-selfsigned'), 0);
  }, 600_000);

  it('Ctrl-C while the nodes boot: Vagrant and lab up stop (exit 130, the next step named); lab up again finishes', async () => {
    expectExit(await onLab('down'), 0);
    // A terminal's Ctrl-C signals the whole foreground group: lab up and the Vagrant it started.
    const child = execa('node', [join(projectRoot, 'bin/lab.js'), 'up', '--lab', id], { reject: false, detached: true });
    for (let i = 0; i < 150 && !(await execa('docker', ['ps', '-aq', '--filter', `name=^${id}-node`])).stdout.trim(); i++) await new Promise((res) => setTimeout(res, 100));
    process.kill(-child.pid!, 'SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(String(r.stderr)).toMatch(new RegExp(`lab: interrupted while the lab came up\nhint: \`lab up --lab ${id}\` finishes it`));
    expect((await execa('pgrep', ['-f', 'vagrant up'], { reject: false })).stdout).toBe('');
    expect(existsSync(openLab(id).files.lock)).toBe(false);
    expectExit(await onLab('up'), 0);
    expectExit(await onLab('reset'), 0);
  }, 300_000);

  // The host-wide limit is lowered to what is in use plus one for the length of one `lab up`, then
  // put back: a node's systemd then dies at start, and Vagrant alone would wait 300 s for its SSH.
  it('a node that dies at start (no inotify instance left): lab up fails in seconds, naming inotify and the sysctl fix', async () => {
    expectExit(await onLab('down'), 0);
    const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n']; // as scripts/prepare-host.sh does
    const sysctl = (value: number) => execa`${asRoot} sysctl -q -w fs.inotify.max_user_instances=${value}`;
    const before = inotifyUse()!;
    await sysctl(before.inUse + 1);
    let up: Awaited<ReturnType<typeof lab>>;
    try {
      up = await onLab('up');
    } finally {
      await sysctl(before.limit);
    }
    expectExit(up, 3);
    expect(up.stderr).toMatch(/stopped as soon as it started: its systemd found no inotify instance left \(\d+ of \d+ in use on this host\)\nhint: sysctl -w fs\.inotify\.max_user_instances=/);
    expect(up.seconds).toBeLessThan(60);
    expect((await execa('pgrep', ['-f', 'vagrant up'], { reject: false })).stdout).toBe('');
    // Nodes started on the starved host are not kept: the next lab up creates them afresh.
    expect((await execa('docker', ['ps', '-aq', '--filter', `label=lab.id=${id}`])).stdout).toBe('');
    expectExit(await onLab('up'), 0);
  }, 300_000);
});
