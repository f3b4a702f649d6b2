import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type Options } from 'execa';
import { EnvironmentError, exitCodeMeaning } from '../errors.js';
import { projectRoot } from '../paths.js';
import type { SshEntry } from './ssh-config-cache.js';

/** Vagrant, run on the package's Vagrantfile with no network check-ins. The real engine under `lab`. */
export interface VagrantOptions {
  /** The lab's Vagrant environment (vagrantEnv): without it Vagrant would act on the default lab. */
  env?: NodeJS.ProcessEnv;
}

function options(o: VagrantOptions, extra: Options = {}): Options {
  return {
    cwd: projectRoot,
    env: { VAGRANT_CHECKPOINT_DISABLE: '1', VAGRANT_NO_COLOR: '1', ...o.env },
    reject: false,
    ...extra,
  };
}

export async function vagrant(args: string[], o: VagrantOptions = {}, extra: Options = {}): Promise<string> {
  let result;
  for (let attempt = 1; ; attempt++) {
    try {
      result = await execa('vagrant', args, options(o, extra));
    } catch (error) {
      throw new EnvironmentError('cannot run vagrant', 'install it: apt-get install --no-install-recommends vagrant (or run `lab doctor`)', { cause: error });
    }
    if (result.exitCode === 0 || attempt >= 3 || !transientFailure(String(result.stderr ?? ''))) break;
    await sleep(2_000 * attempt);
  }
  if ((result as { code?: string }).code === 'ENOENT' || result.exitCode === undefined && result.failed) {
    throw new EnvironmentError('vagrant is not installed', 'install it: apt-get install --no-install-recommends vagrant (or run `lab doctor`)');
  }
  if (result.exitCode !== 0) {
    const tail = String(result.stderr ?? '').trim().split('\n').slice(-8).join('\n');
    throw new EnvironmentError(
      `vagrant ${args.join(' ')} exited ${result.exitCode} (${exitCodeMeaning(result.exitCode ?? null)}):\n${tail}`,
      'run `lab doctor`; `lab down` then `lab up` rebuilds the nodes from scratch',
    );
  }
  return String(result.stdout ?? '');
}

/**
 * A failure another lab caused for a moment, gone on the next try:
 * - another Vagrant process held one of its locks (Vagrant's own advice is to try again);
 * - the docker provider inspects every container on the host to find used ports (read_used_ports),
 *   and one that another lab's Vagrant was creating, or another `lab down` removing, was not
 *   there to inspect ("No such object": measured in 2 of 4 class ups of 4 labs, 2 at a time).
 */
export function transientFailure(stderr: string): boolean {
  return /is locked!|because it is locked/.test(stderr) || /"docker", "inspect", "[0-9a-f]{64}"[\s\S]*No such object: [0-9a-f]{64}/.test(stderr);
}

/** Parses `vagrant ssh-config` output into one entry per node. */
export function parseSshConfig(text: string): SshEntry[] {
  const entries: SshEntry[] = [];
  let current: Partial<SshEntry> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, key = '', value = ''] = m;
    if (key === 'Host') {
      if (current?.host) entries.push(complete(current));
      current = { host: value };
    } else if (current) {
      if (key === 'HostName') current.hostName = value;
      else if (key === 'Port') current.port = Number(value);
      else if (key === 'User') current.user = value;
      else if (key === 'IdentityFile' && !current.identityFile) current.identityFile = value.replace(/^"|"$/g, '');
    }
  }
  if (current?.host) entries.push(complete(current));
  return entries;
}

function complete(e: Partial<SshEntry>): SshEntry {
  return { host: e.host!, hostName: e.hostName ?? '127.0.0.1', port: e.port ?? 22, user: e.user ?? 'vagrant', identityFile: e.identityFile ?? '' };
}
