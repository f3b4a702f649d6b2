import { loadTopology, topologyVariables, type Topology } from '../nodes/topology.js';
import { cachedSshConfig } from '../nodes/ssh-config-cache.js';
import { SshNodes } from '../nodes/ssh-transport.js';
import type { LoadContext } from '../scenario/load.js';
import { currentLang } from './lang.js';

/** What most commands need: the topology, and SSH to the nodes as `lab up` left them. */
export interface LabSession {
  topology: Topology;
  nodes: SshNodes;
  nodeNames: string[];
  scenarioContext: LoadContext;
}

export function scenarioContext(topology: Topology = loadTopology()): LoadContext {
  return { nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology), lang: currentLang() };
}

export function openSession(): LabSession {
  const topology = loadTopology();
  const nodes = new SshNodes(cachedSshConfig());
  return { topology, nodes, nodeNames: topology.nodes.map((n) => n.name), scenarioContext: scenarioContext(topology) };
}

/** Runs `fn` with a session and always closes its SSH connections. */
export async function withSession<T>(fn: (s: LabSession) => Promise<T>): Promise<T> {
  const session = openSession();
  try {
    return await fn(session);
  } finally {
    session.nodes.dispose();
  }
}
