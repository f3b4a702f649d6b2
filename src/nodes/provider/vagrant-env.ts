import type { Options } from 'execa';
import { projectRoot } from '../../paths.js';
import { requireRecord, type Lab, type LabRecord } from '../lab/record.js';
import { removeState, writeState } from '../lab/store.js';
import type { ProviderName } from '../lab/names.js';
import type { NodeBooted } from './provider.js';
import { vagrant } from '../vagrant.js';

/**
 * What Vagrant itself reads when it starts, before the Vagrantfile: the Vagrantfile of the
 * package, the lab's own machine folder (VAGRANT_DOTFILE_PATH) and, on docker, its VAGRANT_HOME.
 */
function vagrantProcessEnv(lab: Lab, provider: ProviderName): Record<string, string> {
  return {
    VAGRANT_CWD: projectRoot,
    VAGRANT_DOTFILE_PATH: lab.files.vagrant,
    VAGRANT_CHECKPOINT_DISABLE: '1',
    // Vagrant's own locks and machine index live in VAGRANT_HOME: labs booted together on the docker
    // provider each get their own (no box to share), so their Vagrant processes never contend.
    // VirtualBox keeps the user's, where its box is cached.
    ...(provider === 'docker' ? { VAGRANT_HOME: lab.files.vagrantHome } : {}),
  };
}

/**
 * The environment every Vagrant call for a lab gets: Vagrant's own variables and what the
 * Vagrantfile reads (lab.yaml overrides, the lab's key, SSH ports, share). `lab env` prints it, so
 * plain `vagrant ssh node1` works too.
 */
export function vagrantEnv(lab: Lab, record: LabRecord): Record<string, string> {
  return {
    ...vagrantProcessEnv(lab, record.provider),
    LAB_ID: lab.id,
    LAB_PROVIDER: record.provider,
    LAB_SUBNET: record.subnet,
    LAB_SSH_KEY: lab.files.key,
    LAB_SSH_PORTS: Object.entries(record.ports).map(([node, port]) => `${node}=${port}`).join(','),
    LAB_SHARE: lab.files.share,
    LAB_DIR: lab.files.dir,
    ...(record.listen ? { LAB_LISTEN: record.listen } : {}),
  };
}

/**
 * `vagrant up` started at once, its variables given when `ready` resolves: Vagrant's start-up
 * (0.5 s before it reads the Vagrantfile, which waits for them) runs beside the host's checks.
 * When `ready` rejects, Vagrant is stopped and its error is ready's.
 */
export async function vagrantUp(lab: Lab, provider: ProviderName, ready: Promise<{ lab: Lab; vars?: Record<string, string> }>, extra: Options = {}, onBooted?: NodeBooted): Promise<string> {
  const file = lab.files.vagrantVars;
  removeState(file); // an earlier boot's would be read at once
  const stop = new AbortController();
  const env = { ...vagrantProcessEnv(lab, provider), LAB_VARS_FILE: file, LAB_UP_PID: String(process.pid) };
  const run = vagrant(['up', `--provider=${provider}`, ...lab.topology.nodes.map((n) => n.name)], { env }, { ...extra, ...(onBooted ? { stdout: bootedLines(onBooted) } : {}), cancelSignal: anySignal(stop.signal, extra.cancelSignal) });
  run.catch(() => undefined); // awaited below, or replaced by ready's error
  try {
    const inputs = await ready;
    writeState(file, { ...vagrantEnv(inputs.lab, requireRecord(inputs.lab)), ...inputs.vars }); // read whole or not at all
  } catch (error) {
    stop.abort();
    throw error;
  }
  return run;
}

/** An execa line transform that tells `onBooted` of each "==> node1: Machine booted and ready!" (Vagrant's own words). */
function bootedLines(onBooted: NodeBooted) {
  return function* (line: unknown) {
    const m = /^==> ([^:\s]+): Machine booted and ready!/.exec(String(line));
    if (m) onBooted(m[1]!);
    yield line;
  };
}

function anySignal(a: AbortSignal, b: Options['cancelSignal']): AbortSignal {
  return b ? AbortSignal.any([a, b]) : a;
}
