import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini'; // the light build: every command reads state files
import { EnvironmentError } from '../../errors.js';
import { makeTopology, readTopologyFile, type Topology } from '../topology.js';
import { checkLabId, providerNames } from './names.js';
import { labFiles, labsRoot, type LabFiles } from './paths.js';
import { readState, writeState } from './store.js';

/**
 * What a lab keeps about itself, chosen once at its first `lab up` and then fixed: its provider,
 * its subnet and the host ports its nodes' SSH is published on (and on which address).
 */
export const LabRecord = z.object({
  id: z.string(),
  provider: z.enum(providerNames),
  subnet: z.string().check(z.regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/)),
  ports: z.record(z.string(), z.number().check(z.int(), z.minimum(1), z.maximum(65535))),
  /** Address the nodes' SSH is published on besides 127.0.0.1 (`lab class up --listen`). */
  listen: z.optional(z.string()),
  created: z.string(),
});
export type LabRecord = z.infer<typeof LabRecord>;

/** One lab: its id, its state folder and, once it has been up, its record and topology. */
export interface Lab {
  id: string;
  files: LabFiles;
  record?: LabRecord;
  /** From the record; before the first `lab up`, what the lab would get by default. */
  topology: Topology;
  /** True when --lab/LAB_ID named it (commands then say `--lab ID` in their hints). */
  named: boolean;
}

/** The lab a command is about: --lab, else LAB_ID, else lab.yaml's id (the default lab). */
export function openLab(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lab {
  const file = readTopologyFile();
  const id = flag ? checkLabId(flag) : env.LAB_ID ? checkLabId(env.LAB_ID, 'LAB_ID') : file.id;
  const files = labFiles(join(labsRoot(env), id));
  const record = readState(files.record, LabRecord);
  const topology = makeTopology(file, record ?? { id, provider: file.provider, subnet: file.subnet });
  return { id, files, record, topology, named: id !== file.id };
}

export function saveRecord(lab: Lab, record: LabRecord): Lab {
  writeState(lab.files.record, record);
  return { ...lab, record, topology: makeTopology(readTopologyFile(), record) };
}

/** `lab up`, or `lab up --lab s01` for a named lab: what the user types to act on this lab. */
export function labCommand(lab: Lab, command: string): string {
  return `lab ${command}${lab.named ? ` --lab ${lab.id}` : ''}`;
}

/** The lab's record, or an environment error telling how to bring it up. */
export function requireRecord(lab: Lab): LabRecord {
  if (!lab.record) throw new EnvironmentError(`lab "${lab.id}" is not up`, `run \`${labCommand(lab, 'up')}\``);
  return lab.record;
}

/** Every lab that has a state folder on this host, with its record when readable. */
export function knownLabs(env: NodeJS.ProcessEnv = process.env): { id: string; record?: LabRecord }[] {
  let ids: string[] = [];
  try {
    ids = readdirSync(labsRoot(env));
  } catch {
    return [];
  }
  return ids.map((id) => {
    try {
      return { id, record: readState(labFiles(join(labsRoot(env), id)).record, LabRecord) };
    } catch {
      return { id };
    }
  });
}
