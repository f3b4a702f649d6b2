import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LabBusyError, StateError, UsageError } from '../../src/errors.js';
import { hostRoutes, overlaps } from '../../src/nodes/lab/allocate.js';
import { providerFor } from '../../src/nodes/provider/index.js';
import { acquireLock, lockHolder } from '../../src/nodes/lab/lock.js';
import { readCache, readState, writeState } from '../../src/nodes/lab/store.js';
import { loadTopology } from '../../src/nodes/topology.js';
import { stateRoot } from '../../src/nodes/lab/paths.js';

const dir = () => mkdtempSync(join(tmpdir(), 'lab-state-'));

describe('state files', () => {
  const Schema = z.record(z.string(), z.string());

  it('are written atomically and read back validated', () => {
    const f = join(dir(), 'a', 'baseline.json');
    writeState(f, { node1: 'x' });
    expect(readState(f, Schema)).toEqual({ node1: 'x' });
  });

  it('a truncated file is named in one line (StateError, exit 3), not "Unexpected end of JSON input" alone', () => {
    const f = join(dir(), 'baseline.json');
    writeFileSync(f, '{"node1": "do');
    expect(() => readState(f, Schema)).toThrow(StateError);
    expect(() => readState(f, Schema)).toThrow(new RegExp(`state file ${f} is damaged`));
  });

  it('a file of the wrong shape ({"node1": 42}) is damaged too, and says where', () => {
    const f = join(dir(), 'baseline.json');
    writeFileSync(f, '{"node1": 42}');
    expect(() => readState(f, Schema)).toThrow(/node1: .*expected string/i);
  });

  it('a damaged cache counts as absent', () => {
    const f = join(dir(), 'progress.json');
    writeFileSync(f, 'garbage');
    expect(readCache(f, Schema)).toBeUndefined();
  });

  it('live in the XDG state folder, or LAB_STATE', () => {
    expect(stateRoot({ LAB_STATE: '/x/y' })).toBe('/x/y');
    expect(stateRoot({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/lab');
  });
});

describe('the lab lock', () => {
  it('refuses a second writer after the wait, naming the holder', async () => {
    const file = join(dir(), 'lock');
    // Another process holds it: a child that takes the lock and sleeps.
    const child = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify({pid: process.pid, host: require('os').hostname(), command: 'lab run tls-selfsigned', since: new Date().toISOString()})); setTimeout(() => {}, 20000)`]);
    for (let i = 0; i < 50 && !lockHolder(file); i++) await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const err = await acquireLock(file, { command: 'lab reset', what: 'lab "s01"', waitMs: 400 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabBusyError);
    expect((err as LabBusyError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(/^lab "s01" is busy: `lab run tls-selfsigned` \(pid \d+\) has held it since \d\d:\d\d:\d\d UTC$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The holder died without cleaning up: its lock is stale and taken over.
    const release = await acquireLock(file, { command: 'lab reset', what: 'lab "s01"', waitMs: 400 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, command: 'lab reset' });
    release();
    expect(lockHolder(file)).toBeUndefined();
  });

  it('is re-entrant within one process (lab run calls up under the same lock)', async () => {
    const file = join(dir(), 'lock');
    const outer = await acquireLock(file, { command: 'lab run', what: 'lab "x"', waitMs: 0 });
    const inner = await acquireLock(file, { command: 'lab up', what: 'lab "x"', waitMs: 0 });
    inner();
    expect(lockHolder(file)?.command).toBe('lab run');
    outer();
    expect(lockHolder(file)).toBeUndefined();
  });
});

describe('choosing a subnet', () => {
  const routes = hostRoutes(readFileSync(join(import.meta.dirname, '../fixtures/host/proc-net-route.txt'), 'utf8'));

  it('reads the host routes from /proc/net/route (real capture), default route left out', () => {
    expect(routes).toEqual(['172.17.0.0/16', '192.0.2.0/24', '192.168.56.0/24', '192.168.60.0/24', '192.168.62.0/24', '192.168.64.0/24']);
  });

  it('a /24 overlaps a route that covers it or that it covers', () => {
    expect(overlaps('192.168.56.0/24', '192.168.56')).toBe(true);
    expect(overlaps('192.168.0.0/16', '192.168.99')).toBe(true);
    expect(overlaps('192.168.56.128/25', '192.168.56')).toBe(true);
    expect(overlaps('192.168.57.0/24', '192.168.56')).toBe(false);
    expect(overlaps('0.0.0.0/0', '192.168.56')).toBe(false);
  });

  it('the first free candidate skips every routed subnet', () => {
    const free = providerFor('docker').subnetCandidates('192.168.56').find((s) => !routes.some((r) => overlaps(r, s)));
    expect(free).toBe('192.168.65');
    expect(providerFor('virtualbox').subnetCandidates('192.168.56')).toHaveLength(8);
  });
});

describe('the environment is validated like the Vagrantfile does, at once (exit 2)', () => {
  it.each([
    [{ LAB_SUBNET: '300.1.1' }, /LAB_SUBNET "300.1.1" is not the first three octets/],
    [{ LAB_ID: 'a b' }, /LAB_ID "a b" is not a lab id/],
    [{ LAB_PROVIDER: 'libvirt' }, /LAB_PROVIDER "libvirt" is not a provider/],
  ])('%o', (env, message) => {
    expect(() => loadTopology(undefined, env)).toThrow(UsageError);
    expect(() => loadTopology(undefined, env)).toThrow(message);
  });
});
