import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

/**
 * reset.sh runs on the nodes; what can be checked here is its order. Measured on node2: a
 * `--restart=always` registry bind-mounting /etc/docker/registry/config.yml, still present when
 * /etc/docker was restored and dockerd restarted, was started again by the daemon, which
 * recreated the missing bind sources as empty directories: the reset then missed the baseline.
 */
const script = readFileSync(join(projectRoot, 'src/nodes/sh/reset.sh'), 'utf8');
const lines = script.split('\n');
const firstLine = (re: RegExp) => lines.findIndex((l) => re.test(l) && !l.trimStart().startsWith('#'));

describe('reset.sh', () => {
  it('removes the containers before it restores /etc/docker and restarts dockerd', () => {
    const removeContainers = firstLine(/docker rm -f/);
    expect(removeContainers).toBeGreaterThan(-1);
    expect(removeContainers).toBeLessThan(firstLine(/rm -rf \/etc\/docker /));
    expect(removeContainers).toBeLessThan(firstLine(/systemctl restart docker/));
  });

  it('only asks a running daemon (a node whose dockerd is down still resets)', () => {
    const guard = firstLine(/if systemctl is-active -q docker; then/);
    expect(guard).toBeGreaterThan(-1);
    expect(guard).toBeLessThan(firstLine(/docker rm -f/));
  });
});
