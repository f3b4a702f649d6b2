import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import type { SshEntry } from './ssh-config-cache.js';

/**
 * Each node's SSH host keys, read at `lab up` with ssh-keyscan (the nodes make theirs at first
 * boot) and checked by every later connection: node-ssh through a host verifier, OpenSSH through
 * the lab's known_hosts. Another user's process answering on a lab's port is refused.
 */
export interface ScannedKeys {
  /** known_hosts lines, as ssh-keyscan prints them ("[127.0.0.1]:2300 ssh-ed25519 AAAA…"). */
  knownHosts: string[];
  /** Per node, the base64 key blobs it presented. */
  blobs: Record<string, string[]>;
}

export async function scanHostKeys(entries: SshEntry[]): Promise<ScannedKeys> {
  const knownHosts: string[] = [];
  const blobs: Record<string, string[]> = {};
  await Promise.all(
    entries.map(async (e) => {
      const r = await execa('ssh-keyscan', ['-T', '10', '-p', String(e.port), e.hostName], { reject: false });
      const lines = String(r.stdout).split('\n').filter((l) => l && !l.startsWith('#'));
      if (lines.length === 0) throw new EnvironmentError(`cannot read ${e.host}'s SSH host keys (${e.hostName}:${e.port}): ${String(r.stderr).trim().split('\n').pop() ?? `exit ${r.exitCode}`}`, 'run `lab up` again; `lab doctor` checks the host');
      knownHosts.push(...lines);
      blobs[e.host] = lines.map((l) => l.split(/\s+/)[2]!).filter(Boolean);
    }),
  );
  return { knownHosts, blobs };
}

/** The check node-ssh runs on the key a node presents: one of those recorded at `lab up`. */
export function hostVerifier(entry: SshEntry): ((key: Buffer) => boolean) | undefined {
  const known = entry.hostKeys;
  return known && known.length > 0 ? (key: Buffer) => known.includes(key.toString('base64')) : undefined;
}
