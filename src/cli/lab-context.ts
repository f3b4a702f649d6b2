import { withLock } from '../nodes/lab/lock.js';
import { selectedLab } from './lab-flag.js';
import { currentLang } from './lang.js';
import { openLab, type Lab } from '../nodes/lab/record.js';
import { topologyVariables, type Topology } from '../nodes/topology.js';
import type { LoadContext } from '../scenario/load.js';

/**
 * The lab a command acts on (--lab, LAB_ID, or the default lab), its scenario variables, and its
 * one-writer lock. Light: no SSH, no provider (those are lab-session.ts, loaded by the commands
 * that talk to the nodes).
 */
export function currentLab(): Lab {
  return openLab(selectedLab());
}

export function scenarioContext(topology: Topology = currentLab().topology): LoadContext {
  return { nodes: topology.nodes.map((n) => n.name), variables: topologyVariables(topology), lang: currentLang() };
}

/** What the user typed, for the lock's holder line. */
export const commandLine = () => `lab ${process.argv.slice(2).join(' ')}`;

/** Runs `fn` as the lab's one writer: a second writer waits briefly, then is refused (exit 3). */
export function asWriter<T>(lab: Lab, fn: () => Promise<T>): Promise<T> {
  return withLock(lab.files.lock, { command: commandLine(), what: `lab "${lab.id}"` }, fn);
}
