import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where `lab` keeps state: one folder per user (XDG state dir, or LAB_STATE), never inside the
 * checkout or an installed package, so one install serves any number of labs.
 *
 *   <root>/labs/<id>/      one lab: lab.json, Vagrant's machine folder, SSH key, baseline, progress, lock
 *   <root>/classes/        class rosters (student → lab id) and their logs
 *   <root>/host-*.lock     host-wide locks (building images, choosing subnets and ports)
 */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  // Absolute: a lab's folder labels its nodes (lab.state), compared with other labs' folders.
  return resolve(env.LAB_STATE || join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'lab'));
}

export const labsRoot = (env: NodeJS.ProcessEnv = process.env) => join(stateRoot(env), 'labs');

export const classesRoot = (env: NodeJS.ProcessEnv = process.env) => join(stateRoot(env), 'classes');

/** The files of one lab, all below its folder. */
export function labFiles(dir: string) {
  return {
    dir,
    record: join(dir, 'lab.json'),
    lock: join(dir, 'lock'),
    vagrant: join(dir, 'vagrant'),
    /** The docker provider's own VAGRANT_HOME (Vagrant's locks and machine index, per lab). */
    vagrantHome: join(dir, 'vagrant-home'),
    /** The Vagrantfile's variables for a `vagrant up` started before they were known (LAB_VARS_FILE). */
    vagrantVars: join(dir, 'vagrant-vars.json'),
    key: join(dir, 'ssh', 'id_ed25519'),
    /** SSH settings as data (node-ssh), the same as an OpenSSH file, and the nodes' host keys. */
    sshJson: join(dir, 'ssh.json'),
    sshConfig: join(dir, 'ssh-config'),
    knownHosts: join(dir, 'known_hosts'),
    baseline: join(dir, 'baseline.json'),
    progress: join(dir, 'progress.json'),
    share: join(dir, 'share'),
  };
}

export type LabFiles = ReturnType<typeof labFiles>;
