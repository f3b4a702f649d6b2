import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { allocate } from '../../src/nodes/lab/allocate.js';
import { projectRoot } from '../../src/paths.js';

/**
 * The subnet a new lab takes, when the host takes one meanwhile: the allocation lock is the state
 * folder's, so a lab of another folder may reserve a subnet between the look and the reservation
 * (Provider.reserveSubnet answers false). test/fixtures/bin/docker stands in for a Docker host
 * with no network.
 */
beforeEach(() => {
  vi.stubEnv('PATH', `${join(projectRoot, 'test/fixtures/bin')}:${process.env.PATH}`);
  vi.stubEnv('LAB_STATE', mkdtempSync(join(tmpdir(), 'lab-unit-allocate-')));
});
afterEach(() => vi.unstubAllEnvs());

const request = { id: 'unit-allocate', provider: 'docker' as const, candidates: ['192.168.201', '192.168.202', '192.168.203'], nodes: ['node1', 'node2'] };

describe('allocate: the subnet is reserved on the host under the lock', () => {
  it('a subnet taken meanwhile is skipped for the next free one, which is reserved', async () => {
    const tried: string[] = [];
    const record = await allocate({ ...request, reserve: async (s) => (tried.push(s), s !== '192.168.201') });
    expect(tried).toEqual(['192.168.201', '192.168.202']);
    expect(record.subnet).toBe('192.168.202');
  });

  it('none left is said as such', async () => {
    await expect(allocate({ ...request, reserve: async () => false })).rejects.toThrow('no free /24 left for a new lab');
  });

  it('a LAB_SUBNET the host took is refused, not replaced', async () => {
    const error = await allocate({ ...request, subnet: '192.168.205', reserve: async () => false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('LAB_SUBNET 192.168.205 overlaps a network of this host');
  });
});
