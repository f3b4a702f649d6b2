import { projectRoot } from '../../paths.js';
import type { Lab, LabRecord } from '../lab/record.js';

/**
 * The environment every Vagrant call for a lab gets: the Vagrantfile of the package, the lab's
 * own machine folder (VAGRANT_DOTFILE_PATH) and what the Vagrantfile reads (lab.yaml overrides,
 * the lab's key, SSH ports, share). `lab env` prints it, so plain `vagrant ssh node1` works too.
 */
export function vagrantEnv(lab: Lab, record: LabRecord): Record<string, string> {
  return {
    VAGRANT_CWD: projectRoot,
    VAGRANT_DOTFILE_PATH: lab.files.vagrant,
    VAGRANT_CHECKPOINT_DISABLE: '1',
    LAB_ID: lab.id,
    LAB_PROVIDER: record.provider,
    LAB_SUBNET: record.subnet,
    LAB_SSH_KEY: lab.files.key,
    LAB_SSH_PORTS: Object.entries(record.ports).map(([node, port]) => `${node}=${port}`).join(','),
    LAB_SHARE: lab.files.share,
    // Vagrant's own locks and machine index live in VAGRANT_HOME: labs booted together on the docker
    // provider each get their own (no box to share), so their Vagrant processes never contend.
    // VirtualBox keeps the user's, where its box is cached.
    ...(record.provider === 'docker' ? { VAGRANT_HOME: lab.files.vagrantHome } : {}),
    ...(record.listen ? { LAB_LISTEN: record.listen } : {}),
  };
}
