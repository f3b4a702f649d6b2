import { afterAll, beforeAll } from 'vitest';
import { cachedSshConfig } from '../../src/nodes/ssh-config-cache.js';
import { SshNodes } from '../../src/nodes/ssh-transport.js';
import { expectExit, lab } from './cli.js';

export interface RunningLab {
  /** SSH to the nodes as `lab up` left them (reassign after a node was restarted). */
  nodes: SshNodes;
}

/**
 * For an end-to-end file: `lab up` before its tests (idempotent: the files share one lab) and
 * SSH to the nodes through the lab's own transport, closed after them.
 */
export function useRunningLab(): RunningLab {
  const running = {} as RunningLab;
  beforeAll(async () => {
    expectExit(await lab(['up']), 0);
    running.nodes = new SshNodes(cachedSshConfig());
  }, 900_000);
  afterAll(() => running.nodes?.dispose());
  return running;
}
