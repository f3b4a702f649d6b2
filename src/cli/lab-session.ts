import { withLock } from '../nodes/lab/lock.js';
import { interruptSignal } from './interrupt.js';
import { openLab, requireRecord, type Lab } from '../nodes/lab/record.js';
import { cachedSshEntries } from '../nodes/ssh-config-cache.js';
import { SshNodes } from '../nodes/ssh-transport.js';
import { topologyVariables, type Topology } from '../nodes/topology.js';
import type { LoadContext } from '../scenario/load.js';

/**
 * The lab a command acts on (--lab, LAB_ID, or the default lab), and what most commands need
 * from it: the topology, and SSH to the nodes as `lab up` left them.
 */
let labFlag: string | undefined;

/** Set once from the parsed command line (main.ts), before the command's action runs. */
export function selectLab(flag: string | undefined): void {
  labFlag = flag;
}

export function currentLab(): Lab {
  return openLab(labFlag);
}

export interface LabSession {
  lab: Lab;
  topology: Topology;
  nodes: SshNodes;
  nodeNames: string[];
  scenarioContext: LoadContext;
}

export function scenarioContext(topology: Topology = currentLab().topology): LoadContext {
  return { nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology) };
}

export function openSession(lab: Lab = currentLab()): LabSession {
  requireRecord(lab);
  const nodes = new SshNodes(cachedSshEntries(lab), lab, interruptSignal);
  return { lab, topology: lab.topology, nodes, nodeNames: lab.topology.nodes.map((n) => n.name), scenarioContext: scenarioContext(lab.topology) };
}

/** Runs `fn` with a session and always closes its SSH connections. */
export async function withSession<T>(fn: (s: LabSession) => Promise<T>, lab?: Lab): Promise<T> {
  const session = openSession(lab);
  try {
    return await fn(session);
  } finally {
    session.nodes.dispose();
  }
}

/** What the user typed, for the lock's holder line. */
export const commandLine = () => `lab ${process.argv.slice(2).join(' ')}`;

/** Runs `fn` as the lab's one writer: a second writer waits briefly, then is refused (exit 3). */
export function asWriter<T>(lab: Lab, fn: () => Promise<T>): Promise<T> {
  return withLock(lab.files.lock, { command: commandLine(), what: `lab "${lab.id}"` }, fn);
}
