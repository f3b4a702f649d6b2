import { afterAll, beforeAll } from 'vitest';
import { openLab, type Lab } from '../../src/nodes/lab/record.js';
import { cachedSshEntries } from '../../src/nodes/ssh-config-cache.js';
import { SshNodes } from '../../src/nodes/ssh-transport.js';
import { expectExit, lab } from './cli.js';

export interface RunningLab {
  /** The lab as `lab up` recorded it (subnet, ports, state files). */
  lab: Lab;
  /** SSH to the nodes as `lab up` left them (reassign after a node was restarted). */
  nodes: SshNodes;
}

/** SSH to a lab's nodes through the lab's own transport, as `lab up` recorded them. */
export function sshTo(id?: string): SshNodes {
  const l = openLab(id);
  return new SshNodes(cachedSshEntries(l), l);
}

/**
 * For an end-to-end file: `lab up` before its tests (idempotent: the files share one lab) and
 * SSH to the nodes through the lab's own transport, closed after them.
 */
export function useRunningLab(): RunningLab {
  const running = {} as RunningLab;
  beforeAll(async () => {
    expectExit(await lab(['up']), 0);
    running.lab = openLab(undefined);
    running.nodes = sshTo();
  }, 900_000);
  afterAll(() => running.nodes?.dispose());
  return running;
}
