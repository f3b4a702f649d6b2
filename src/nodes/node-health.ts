import type { Lab } from './lab/record.js';
import type { NodeStatus, Provider } from './provider/provider.js';
import { cachedSshEntries } from './ssh-config-cache.js';
import { sshAnswers } from './ssh-probe.js';

export interface NodeHealth extends NodeStatus {
  /** For a running node: does its sshd answer? (undefined when not running or never up) */
  ssh?: boolean;
}

/**
 * The provider's view of each node, plus whether a running node's SSH answers. The SSH probes go
 * out while the provider is asked (they cost a round trip each, `docker ps` a process); a probe of
 * a node that turns out not to be running is dropped.
 */
export async function nodeHealth(lab: Lab, provider: Provider): Promise<NodeHealth[]> {
  let entries: ReturnType<typeof cachedSshEntries> = [];
  try {
    entries = lab.record ? cachedSshEntries(lab) : [];
  } catch {
    entries = [];
  }
  const probes = new Map(entries.map((e) => [e.host, sshAnswers(e.hostName, e.port)]));
  const nodes = await provider.status(lab);
  return Promise.all(
    nodes.map(async (n) => {
      const probe = probes.get(n.name);
      return n.state === 'running' && probe ? { ...n, ssh: await probe } : n;
    }),
  );
}
