import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../errors.js';
import { labCommand, type Lab } from './lab/record.js';
import type { Provider } from './provider/provider.js';
import type { SshNodes } from './ssh-transport.js';

/**
 * `lab up` on a lab whose nodes run but do not answer over SSH (sshd stopped, a node wedged):
 * restarts those nodes through the provider and waits until SSH answers. Returns the nodes it
 * restarted.
 */
export async function repairUnreachable(lab: Lab, provider: Provider, nodes: SshNodes, names: string[], timeoutMs = 90_000): Promise<string[]> {
  const unreachable = (await Promise.all(names.map(async (n) => ((await answers(nodes, n)) ? undefined : n)))).filter((n): n is string => n !== undefined);
  if (unreachable.length === 0) return [];
  await Promise.all(unreachable.map((n) => provider.restartNode(lab, n)));
  const deadline = Date.now() + timeoutMs;
  for (const n of unreachable) {
    while (!(await answers(nodes, n))) {
      if (Date.now() > deadline) throw new EnvironmentError(`${n} does not answer over SSH even after a restart`, `\`${labCommand(lab, 'down')}\` then \`${labCommand(lab, 'up')}\` rebuilds it`);
      await sleep(1_000);
    }
  }
  return unreachable;
}

async function answers(nodes: SshNodes, node: string): Promise<boolean> {
  try {
    return (await nodes.exec(node, 'true', { timeoutMs: 15_000 })).code === 0;
  } catch (error) {
    if (error instanceof EnvironmentError) return false;
    throw error;
  }
}
