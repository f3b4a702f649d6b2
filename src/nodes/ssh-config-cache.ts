import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { cacheDir, stateDir } from '../paths.js';
import { docker } from './docker-host.js';
import type { Topology } from './topology.js';
import { parseSshConfig, vagrant, type SshEntry } from './vagrant.js';

/**
 * How to reach the nodes over SSH, read once per `lab up` and cached in .lab/: as an OpenSSH file
 * for `lab ssh` and the benchmarks, parsed for node-ssh.
 *
 * `vagrant ssh-config` costs 3.2–3.7 s here. With the docker provider its answer is fully
 * determined by the forwarded port Docker publishes for the node's port 22 (`docker port`, ~50 ms),
 * the `vagrant` user and the lab's key, so that is what `lab up` writes; other providers ask Vagrant.
 */
export const sshConfigFile = (dir = stateDir()) => join(dir, 'ssh-config');

export async function refreshSshConfig(t: Topology, dir = stateDir()): Promise<SshEntry[]> {
  const text = t.provider === 'docker' ? await dockerSshConfig(t) : await vagrant(['ssh-config', ...t.nodes.map((n) => n.name)]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(sshConfigFile(dir), text);
  return parseSshConfig(text);
}

/** The same text `vagrant ssh-config` prints for the docker provider's nodes. */
export async function dockerSshConfig(t: Topology, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const key = env.LAB_SSH_KEY ?? join(cacheDir(env), 'ssh', 'id_ed25519');
  const blocks = await Promise.all(
    t.nodes.map(async (n) => {
      const published = (await docker(['port', `${t.id}-${n.name}`, '22/tcp'])).split('\n')[0]?.trim() ?? '';
      const m = /^(.*):(\d+)$/.exec(published);
      if (!m) throw new EnvironmentError(`${n.name} publishes no SSH port (docker port said "${published}")`, 'run `lab up` again; `lab down && lab up` if it persists');
      const host = m[1] === '0.0.0.0' ? '127.0.0.1' : m[1]!;
      return sshConfigBlock(n.name, host, Number(m[2]), key);
    }),
  );
  return blocks.join('\n');
}

export function sshConfigBlock(name: string, hostName: string, port: number, identityFile: string): string {
  return [
    `Host ${name}`,
    `  HostName ${hostName}`,
    `  User vagrant`,
    `  Port ${port}`,
    `  UserKnownHostsFile /dev/null`,
    `  StrictHostKeyChecking no`,
    `  PasswordAuthentication no`,
    `  IdentityFile ${identityFile}`,
    `  IdentitiesOnly yes`,
    `  LogLevel FATAL`,
    '',
  ].join('\n');
}

export function cachedSshConfig(dir = stateDir()): SshEntry[] {
  const file = sshConfigFile(dir);
  if (!existsSync(file)) {
    throw new EnvironmentError('the lab is not up (no cached ssh-config)', 'run `lab up` first');
  }
  return parseSshConfig(readFileSync(file, 'utf8'));
}
