import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../../errors.js';
import { projectRoot } from '../../paths.js';
import type { Lab } from './record.js';

/**
 * The lab's own SSH key pair (made by images/ssh-key.sh): the docker provider mounts its public
 * half as the nodes' authorized_keys, so a lab's key opens only that lab — the key a student's
 * card carries.
 */
export async function ensureLabKey(lab: Lab): Promise<string> {
  if (existsSync(lab.files.key) && existsSync(`${lab.files.key}.pub`)) return lab.files.key;
  const r = await execa('bash', [join(projectRoot, 'images/ssh-key.sh')], { reject: false, env: { LAB_SSH_KEY: lab.files.key } });
  if (r.exitCode !== 0) throw new EnvironmentError(`cannot make the SSH key of lab "${lab.id}": ${String(r.stderr).trim()}`, 'is ssh-keygen installed? apt-get install openssh-client');
  return lab.files.key;
}
