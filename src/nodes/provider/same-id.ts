import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shellQuote } from '../../engine/nodes.js';
import { EnvironmentError } from '../../errors.js';
import type { LabContainer } from '../docker-host.js';
import type { Lab } from '../lab/record.js';
import { labFiles } from '../lab/paths.js';

/**
 * Lab ids are chosen per state folder, container names ("<id>-<node>") are per Docker host: two
 * users of one host (students on the trainer's machine, each with the default lab "lab") share
 * them. Each node carries the state folder of the lab that made it (label lab.state), so a lab
 * never takes another's live nodes for its own leftovers, nor removes them at `lab down`.
 */
export interface ByOwner {
  /** This lab's containers, and leftovers no live lab holds. */
  own: LabContainer[];
  /** Nodes of a lab of the same id in another state folder, which still holds them. */
  others: LabContainer[];
}

export function byOwner(lab: Lab, containers: LabContainer[]): ByOwner {
  // This lab's own machines are its own whatever their label says (its folder reached by a symlink).
  const others = containers.filter((c) => c.owner !== undefined && c.owner !== lab.files.dir && !holds(lab.files.dir, c) && holds(c.owner, c));
  return { own: containers.filter((c) => !others.includes(c)), others };
}

/**
 * The container id the Vagrant of the lab in `labDir` recorded for a node; undefined when it
 * recorded none. A folder this user cannot read throws.
 */
export function recordedMachine(labDir: string, node: string): string | undefined {
  try {
    return readFileSync(join(labFiles(labDir).vagrant, 'machines', node, 'docker', 'id'), 'utf8').trim();
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/**
 * The state folder's Vagrant still records this container as its node's machine. A folder this
 * user cannot read belongs to someone else: its nodes are taken as held.
 */
function holds(dir: string, c: LabContainer): boolean {
  try {
    return recordedMachine(dir, c.node) === c.id;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES';
  }
}

/** The LAB_STATE a lab's folder belongs to (<state>/labs/<id>). */
const labStateOf = (labDir: string) => dirname(dirname(labDir));

/** Refusal to boot over a live lab of the same id: name it, and the way out. */
export function idTaken(lab: Lab, others: LabContainer[]): EnvironmentError {
  const folders = [...new Set(others.map((c) => c.owner))].join(', ');
  return new EnvironmentError(
    `lab id "${lab.id}" is taken on this Docker host by a lab of another state folder (${folders}: ${others.map((c) => c.name).sort().join(', ')})`,
    `give this lab an id of its own: \`lab up --lab ${lab.id}-2\` (or LAB_ID=${lab.id}-2); or, if that lab is abandoned and yours, \`LAB_STATE=${shellQuote(labStateOf(others[0]!.owner!))} lab --lab ${lab.id} down\` removes it (another user's: ask them)`,
  );
}
