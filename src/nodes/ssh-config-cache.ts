import * as z from 'zod/mini'; // the light build: every command reads state files
import { EnvironmentError } from '../errors.js';
import { labCommand, type Lab } from './lab/record.js';
import { readState, writeState, writeText } from './lab/store.js';

/**
 * How to reach a lab's nodes over SSH, written once per `lab up`: as data (ssh.json, read by
 * node-ssh) and as an OpenSSH file (ssh-config, for `lab ssh`, plain `ssh -F` and the benchmarks).
 */
export const SshEntry = z.object({
  host: z.string(),
  hostName: z.string(),
  port: z.int(),
  user: z.string(),
  identityFile: z.string(),
  /** The node's SSH host keys as recorded at `lab up` (base64 blobs); checked at every connection. */
  hostKeys: z.optional(z.array(z.string())),
});
export type SshEntry = z.infer<typeof SshEntry>;
const SshEntries = z.array(SshEntry);

/** Writes the entries; with `knownHosts` (known_hosts lines), OpenSSH checks the nodes' host keys too. */
export function saveSshEntries(lab: Lab, entries: SshEntry[], knownHosts?: string[]): void {
  writeState(lab.files.sshJson, entries);
  if (knownHosts) writeText(lab.files.knownHosts, `${knownHosts.join('\n')}\n`);
  writeText(lab.files.sshConfig, entries.map((e) => sshConfigBlock(e, knownHosts ? lab.files.knownHosts : undefined)).join('\n'));
}

export function sshConfigBlock(e: SshEntry, knownHosts?: string): string {
  return [
    `Host ${e.host}`,
    `  HostName ${e.hostName}`,
    `  User ${e.user}`,
    `  Port ${e.port}`,
    `  UserKnownHostsFile ${knownHosts ?? '/dev/null'}`,
    `  StrictHostKeyChecking ${knownHosts ? 'yes' : 'no'}`,
    `  PasswordAuthentication no`,
    `  IdentityFile ${e.identityFile}`,
    `  IdentitiesOnly yes`,
    `  LogLevel ERROR`,
    '',
  ].join('\n');
}

/** The entries `lab up` wrote; an environment error naming `lab up` when there are none. */
export function cachedSshEntries(lab: Lab): SshEntry[] {
  const entries = readState(lab.files.sshJson, SshEntries);
  if (!entries) throw new EnvironmentError(`lab "${lab.id}" is not up (no SSH settings recorded)`, `run \`${labCommand(lab, 'up')}\``);
  return entries;
}
