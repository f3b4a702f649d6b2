import { describe, expect, it } from 'vitest';
import type { ExecResult, Nodes } from '../../src/engine/nodes.js';
import { runScenario } from '../../src/engine/run.js';
import { displayCommand } from '../../src/engine/step.js';
import { runOnHost } from '../../src/nodes/host-transport.js';
import { renderHandout } from '../../src/report/handout.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { PlainReporter } from '../../src/report/plain.js';
import { Transcript } from '../../src/report/transcript.js';
import { parseScenario } from '../../src/scenario/load.js';

/**
 * The answer key and the handout rendered from one run: node1's push writes stdout and stderr
 * interleaved (as the SSH transport reports chunks), a multi-line `run` has a failing first line
 * (run by the real bash of this machine), a step succeeds at its second attempt.
 */
const scenario = parseScenario(
  `name: h
title: A registry, refused then trusted
description: |
  node2 serves a registry; node1 learns to trust it.
stages:
  - id: refused
    title: HTTP is refused
    goal: see the daemon refuse plain HTTP
    hint: look at insecure-registries
    steps:
      - { on: node2, run: "docker run -d registry:2" }
      - { on: node1, title: the push fails, run: "docker push reg/x", expect: { exit: nonzero, output: { contains: "HTTP response" } } }
      - on: node1
        run: |
          ls /nonexistent-lab-path
          echo went on
      - copy: { from: "node2:/home/vagrant/certs/ca.crt", to: "node1:/etc/docker/certs.d/reg:5000/ca.crt", sudo: true, mode: "0644" }
      - { on: node1, title: the daemon is back, run: "docker info", retry: { attempts: 3, interval: 1ms } }
    check:
      - { on: node1, title: daemon.json names the registry, run: "grep reg /etc/docker/daemon.json" }
      - { on: node1, run: "test -e /etc/docker/certs.d" }
`,
  'h.yaml',
  { nodes: ['node1', 'node2'], variables: {} },
);

let infos = 0;
const nodes: Nodes = {
  async exec(_node, command): Promise<ExecResult> {
    if (command.startsWith('docker push')) {
      const chunks = [
        { stream: 'stdout' as const, text: 'The push refers to repository [reg/x]\n' },
        { stream: 'stderr' as const, text: 'WARNING: a warning between two lines\n' },
        { stream: 'stdout' as const, text: 'Get "https://reg/v2/": http: server gave HTTP response to HTTPS client\n' },
      ];
      return { stdout: 'The push refers to repository [reg/x]\nGet "https://reg/v2/": http: server gave HTTP response to HTTPS client', stderr: 'WARNING: a warning between two lines', code: 1, chunks };
    }
    if (command.includes('ls /nonexistent-lab-path')) return runOnHost(command);
    if (command === 'docker info') return ++infos === 1 ? { stdout: '', stderr: 'Cannot connect to the Docker daemon', code: 1 } : { stdout: 'Server Version: 20.10', stderr: '', code: 0 };
    return { stdout: '', stderr: '', code: 0 };
  },
};

async function run(): Promise<{ t: Transcript; lines: string[] }> {
  infos = 0;
  const t = new Transcript();
  const lines: string[] = [];
  const plain = new PlainReporter((l) => lines.push(l), { verbose: true });
  await runScenario(scenario, nodes, { kind: 'step', onEvent: (e) => (t.listener(e), plain.listener(e)) });
  return { t, lines };
}

describe('a multi-line run', () => {
  it('goes on after a failing line, and the failure is reported, not masked', async () => {
    const { t } = await run();
    const step = t.runs[0]!.stages[0]!.steps[2]!;
    expect(step.ok).toBe(true);
    expect(step.failedLines).toEqual([{ line: 1, code: 2, command: 'ls /nonexistent-lab-path', ended: false }]);
    expect(step.output).toContain('went on');
    expect(step.output).not.toContain('@@lab');
  });

  it("reports no line when only the last one fails (the step's own status says it), and locates a continued command", async () => {
    const { withFailureReports, takeFailedLines } = await import('../../src/engine/script.js');
    const last = 'echo a\nfalse';
    expect(takeFailedLines(last, await runOnHost(withFailureReports(last))).failed).toEqual([]);
    const continued = 'false \\\n  --flag\necho b';
    const r = takeFailedLines(continued, await runOnHost(withFailureReports(continued)));
    expect(r.failed).toEqual([{ line: 2, code: 1, command: 'false --flag', ended: false }]);
    expect(r.exec.stderr).toBe('');
  });

  it('with set -e, says which line ended the script', async () => {
    const { withFailureReports, takeFailedLines } = await import('../../src/engine/script.js');
    const strict = 'set -e\nls /nonexistent-lab-path\necho never';
    const r = takeFailedLines(strict, await runOnHost(withFailureReports(strict)));
    expect(r.exec.code).toBe(2);
    expect(r.exec.stdout).toBe('');
    expect(r.failed).toEqual([{ line: 2, code: 2, command: 'ls /nonexistent-lab-path', ended: true }]);
  });
});

describe("the trainer's answer key (--report md)", () => {
  it('keeps stdout and stderr in the order they came', async () => {
    const md = renderMarkdown((await run()).t);
    expect(md).toContain('vagrant@node1:~$ docker push reg/x\nThe push refers to repository [reg/x]\nWARNING: a warning between two lines\nGet "https://reg/v2/"');
  });

  it('has the description, goal, hint and checks, the failed line, and a retried step with its first failure', async () => {
    const md = renderMarkdown((await run()).t);
    expect(md).toContain('node2 serves a registry; node1 learns to trust it.');
    expect(md).toContain('Goal: see the daemon refuse plain HTTP');
    expect(md).toContain('Hint: look at insecure-registries');
    expect(md).toContain('Checks (`lab check h refused`):');
    expect(md).toContain('- on `node1`: daemon.json names the registry — `grep reg /etc/docker/daemon.json` succeeds');
    expect(md).toContain('- ⚠ line 1 failed (exit 2) and the script went on: `ls /nonexistent-lab-path`');
    expect(md).toContain('· 2 attempts');
    expect(md).toMatch(/The first of 2 attempts \(exit 1\) did not count: expected exit 0\n\n```\nCannot connect to the Docker daemon\n```/);
  });

  it('shows a copy as what a person types on the host', async () => {
    const md = renderMarkdown((await run()).t);
    expect(md).toContain(
      "host$ lab ssh node2 -- sudo cat /home/vagrant/certs/ca.crt > ca.crt\nlab ssh node1 -- 'sudo mkdir -p /etc/docker/certs.d/reg:5000 && sudo tee /etc/docker/certs.d/reg:5000/ca.crt >/dev/null && sudo chmod 0644 /etc/docker/certs.d/reg:5000/ca.crt' < ca.crt",
    );
  });
});

describe('the handout (--report handout)', () => {
  it('has the goal, hint, what to observe and what lab check verifies', async () => {
    const handout = renderHandout((await run()).t);
    expect(handout).toContain('**Goal:** see the daemon refuse plain HTTP');
    expect(handout).toContain('**Hint:** look at insecure-registries');
    expect(handout).toContain('- on `node1` — the push fails: fails, output contains "HTTP response"');
    expect(handout).toContain('http: server gave HTTP response to HTTPS client');
    expect(handout).toContain('`lab check h refused` verifies:\n\n- on `node1`: daemon.json names the registry\n- and 1 more');
  });

  it('holds no solution command, nor any check command', async () => {
    const handout = renderHandout((await run()).t);
    const stage = scenario.stages[0]!;
    const commands = [...stage.steps, ...stage.checks].flatMap((s) => displayCommand(s.action).split('\n')).filter((c) => c.trim().length > 0);
    expect(commands.length).toBeGreaterThan(6);
    for (const c of commands) expect(handout, c).not.toContain(c.trim());
  });
});

describe('the terminal', () => {
  it("shows a step's title instead of its command, the command with --verbose, and an earlier failed line", async () => {
    const text = (await run()).lines.join('\n');
    expect(text).toMatch(/✓ node1 the push fails \(failed, as expected\)/);
    expect(text).toContain('$ docker push reg/x');
    expect(text).toMatch(/! line 1 failed \(exit 2\) and the script went on:.* ls \/nonexistent-lab-path/);
  });
});
