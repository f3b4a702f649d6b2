import { EnvironmentError } from '../errors.js';
import type { SshEntry } from './ssh-config-cache.js';

/**
 * Each node's SSH host keys, read at `lab up` (the nodes make theirs at first boot) and checked by
 * every later connection: node-ssh through a host verifier, OpenSSH through the lab's known_hosts.
 * Another user's process answering on a lab's port is refused.
 */
export interface ScannedKeys {
  /** known_hosts lines, as ssh-keyscan prints them ("[127.0.0.1]:2300 ssh-ed25519 AAAA…"). */
  knownHosts: string[];
  /** Per node, the base64 key blobs it presented. */
  blobs: Record<string, string[]>;
}

/**
 * The keys as the nodes printed them (NodeFacts.hostKeys: `cat` of the public host keys, over the
 * connection `lab up` already holds), where ssh-keyscan cost a process and a handshake per key
 * type (0.3 s). The trust is the same as ssh-keyscan's: whatever answered on the lab's port when
 * the lab came up.
 */
export function hostKeysFrom(entries: SshEntry[], printed: Record<string, string>): ScannedKeys {
  const knownHosts: string[] = [];
  const blobs: Record<string, string[]> = {};
  for (const e of entries) {
    const keys = (printed[e.host] ?? '').split('\n').map((l) => l.trim().split(/\s+/)).filter(([type, blob]) => type && blob && /^(ssh-|ecdsa-)/.test(type));
    if (keys.length === 0) throw new EnvironmentError(`cannot read ${e.host}'s SSH host keys (/etc/ssh/ssh_host_*_key.pub)`, 'run `lab up` again; `lab doctor` checks the host');
    const where = e.port === 22 ? e.hostName : `[${e.hostName}]:${e.port}`;
    knownHosts.push(...keys.map(([type, blob]) => `${where} ${type} ${blob}`));
    blobs[e.host] = keys.map(([, blob]) => blob!);
  }
  return { knownHosts, blobs };
}

/** The check node-ssh runs on the key a node presents: one of those recorded at `lab up`. */
export function hostVerifier(entry: SshEntry): ((key: Buffer) => boolean) | undefined {
  const known = entry.hostKeys;
  return known && known.length > 0 ? (key: Buffer) => known.includes(key.toString('base64')) : undefined;
}
