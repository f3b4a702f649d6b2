import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLab, type Lab } from '../../src/nodes/lab/record.js';
import { vagrantUp } from '../../src/nodes/provider/vagrant-env.js';
import { projectRoot } from '../../src/paths.js';

/**
 * `vagrant up` started before the lab's variables are known (src/nodes/provider/vagrant-env.ts),
 * with test/fixtures/bin/vagrant first in PATH: a real process that waits for the variables file as
 * the Vagrantfile does, and prints it.
 */
beforeEach(() => {
  vi.stubEnv('PATH', `${join(projectRoot, 'test/fixtures/bin')}:${process.env.PATH}`);
  vi.stubEnv('LAB_STATE', mkdtempSync(join(tmpdir(), 'lab-unit-vagrant-up-')));
});
afterEach(() => vi.unstubAllEnvs());

function labWithRecord(): { before: Lab; after: Lab } {
  const before = openLab('unit-vagrant-up');
  mkdirSync(before.files.dir, { recursive: true });
  const record = { id: before.id, provider: 'docker' as const, subnet: '192.168.77', ports: { node1: 2400, node2: 2401 }, created: new Date().toISOString() };
  return { before, after: { ...before, record } };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('vagrantUp: Vagrant first, its variables once the host is ready', () => {
  it('Vagrant waits, then reads the lab\'s variables and the extra ones, written whole', async () => {
    const { before, after } = labWithRecord();
    let ready!: (v: { lab: Lab; vars?: Record<string, string> }) => void;
    const run = vagrantUp(before, 'docker', new Promise((resolve) => (ready = resolve)));
    await new Promise((res) => setTimeout(res, 300));
    expect(existsSync(`${before.files.vagrantVars}.pid`)).toBe(true); // started before the variables
    ready({ lab: after, vars: { LAB_NODE_IMAGE: 'lab-node:test' } });
    const vars = JSON.parse(await run) as Record<string, string>;
    expect(vars).toMatchObject({ LAB_SUBNET: '192.168.77', LAB_SSH_PORTS: 'node1=2400,node2=2401', LAB_NODE_IMAGE: 'lab-node:test', VAGRANT_DOTFILE_PATH: before.files.vagrant });
    expect(readdirSync(before.files.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a host that never gets ready stops Vagrant, with the host\'s error', async () => {
    const { before } = labWithRecord();
    let fail!: (e: Error) => void;
    const run = vagrantUp(before, 'docker', new Promise((_, reject) => (fail = reject)));
    for (let i = 0; i < 100 && !existsSync(`${before.files.vagrantVars}.pid`); i++) await new Promise((res) => setTimeout(res, 20));
    const pid = Number(readFileSync(`${before.files.vagrantVars}.pid`, 'utf8'));
    expect(alive(pid)).toBe(true);
    fail(new Error('node image: build failed'));
    await expect(run).rejects.toThrow('node image: build failed');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((res) => setTimeout(res, 20));
    expect(alive(pid)).toBe(false);
    expect(existsSync(before.files.vagrantVars)).toBe(false);
  });

  it('tells of each node as Vagrant says it booted, in its order, from a real `vagrant up` output', async () => {
    // vagrant-up-docker-real.txt: what Vagrant 2.3.4 printed under `lab up` (docker provider) on 2026-11-26.
    vi.stubEnv('VAGRANT_STANDIN_OUTPUT', join(projectRoot, 'test/fixtures/outputs/vagrant-up-docker-real.txt'));
    const { before, after } = labWithRecord();
    const told: string[] = [];
    const out = await vagrantUp(before, 'docker', Promise.resolve({ lab: after }), {}, (node) => told.push(node));
    expect(told).toEqual(['node1', 'node2']);
    expect(out).toContain('==> node2: Machine booted and ready!'); // the output is still whole
  });
});
