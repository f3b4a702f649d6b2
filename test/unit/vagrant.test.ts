import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transientFailure } from '../../src/nodes/vagrant.js';

/**
 * Which `vagrant up` failures lab tries again. vagrant-up-inspect-no-such-object-real.txt is the
 * stderr of a real `vagrant up --provider=docker` (Vagrant 2.3.4, 2026-11-26) run while another
 * client created and removed containers on the same engine, as labs booting together do: the
 * docker provider inspects every container on the host for used ports, and one was gone.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/outputs', name), 'utf8');

describe('vagrant: failures another lab causes for a moment', () => {
  it('a container that vanished while Vagrant looked for used ports is tried again', () => {
    expect(transientFailure(fixture('vagrant-up-inspect-no-such-object-real.txt'))).toBe(true);
  });

  it("Vagrant's lock held by another process is tried again", () => {
    expect(transientFailure('Vagrant failed to acquire the lock on the machine because it is locked')).toBe(true);
  });

  it('a missing node image is not tried again (it would fail the same way)', () => {
    const noImage = fixture('vagrant-up-inspect-no-such-object-real.txt')
      .replace(/"inspect", "[0-9a-f]{64}"/, '"run", "--name", "lab-node2"')
      .replace(/No such object: [0-9a-f]{64}/, 'Unable to find image \'lab-node:latest\' locally');
    expect(transientFailure(noImage)).toBe(false);
  });
});
