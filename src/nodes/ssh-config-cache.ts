import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { stateDir } from '../paths.js';
import { parseSshConfig, vagrant, type SshEntry } from './vagrant.js';

/**
 * `vagrant ssh-config` costs seconds, so `lab up` reads it once and every other command uses the
 * copy in .lab/: as JSON for node-ssh and as an OpenSSH file for `lab ssh` and the benchmarks.
 */
export const sshConfigFile = (dir = stateDir()) => join(dir, 'ssh-config');

export async function refreshSshConfig(nodes: string[], dir = stateDir()): Promise<SshEntry[]> {
  const text = await vagrant(['ssh-config', ...nodes]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(sshConfigFile(dir), text);
  return parseSshConfig(text);
}

export function cachedSshConfig(dir = stateDir()): SshEntry[] {
  const file = sshConfigFile(dir);
  if (!existsSync(file)) {
    throw new EnvironmentError('the lab is not up (no cached ssh-config)', 'run `lab up` first');
  }
  return parseSshConfig(readFileSync(file, 'utf8'));
}
