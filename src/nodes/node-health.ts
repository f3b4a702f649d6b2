import type { Lab } from './lab/record.js';
import type { NodeStatus, Provider } from './provider/provider.js';
import { cachedSshEntries } from './ssh-config-cache.js';
import { sshAnswers } from './ssh-probe.js';

export interface NodeHealth extends NodeStatus {
  /** For a running node: does its sshd answer? (undefined when not running or never up) */
  ssh?: boolean;
}

/** The provider's view of each node, plus whether a running node's SSH answers. */
export async function nodeHealth(lab: Lab, provider: Provider): Promise<NodeHealth[]> {
  const nodes = await provider.status(lab);
  let entries: ReturnType<typeof cachedSshEntries> = [];
  try {
    entries = lab.record ? cachedSshEntries(lab) : [];
  } catch {
    entries = [];
  }
  return Promise.all(
    nodes.map(async (n) => {
      const e = entries.find((x) => x.host === n.name);
      return n.state === 'running' && e ? { ...n, ssh: await sshAnswers(e.hostName, e.port) } : n;
    }),
  );
}
