import type { Finding } from '../doctor.js';
import type { Lab } from '../lab/record.js';
import type { ProviderName } from '../lab/names.js';
import type { SshEntry } from '../ssh-config-cache.js';

export interface NodeStatus {
  name: string;
  state: string;
  ip: string;
}

/** What `lab down` could not remove (all lists empty on success). */
export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** What a boot needs once the host is ready. */
export interface BootInputs {
  /** The lab with its record (subnet, ports). */
  lab: Lab;
  /** What prepareHost answered (docker: the node image). */
  prepared?: string;
}

/**
 * Told of each node Vagrant reports booted ("Machine booted and ready": its SSH answered Vagrant).
 * Vagrant looks at its SSH check once a second; what `lab up` asks a node before that slows the
 * check past the tick (measured: 1.4 s instead of 1.0 s from "Waiting for machine to boot"), so
 * the asking waits for this.
 */
export type NodeBooted = (node: string) => void;

/**
 * What runs the nodes, as Molecule's drivers: one implementation per provider (docker,
 * virtualbox), and no provider branches anywhere else. Every method acts on one lab.
 */
export interface Provider {
  readonly name: ProviderName;
  /** The /24s a new lab may take, `preferred` (lab.yaml's) first. */
  subnetCandidates(preferred: string): string[];
  /**
   * Host-wide things the nodes boot from (docker: the node image, the workshop images in it, so
   * its nodes need no load); a line for the user. The workshop images are cached before.
   */
  prepareHost(): Promise<string | undefined>;
  /**
   * Takes a new lab's subnet on the host at once, at allocation (docker: the network Vagrant would
   * create for it, which it then finds and uses); nothing where Vagrant's own network is per VM.
   * False when the host took that subnet meanwhile: the allocation tries the next one.
   */
  reserveSubnet(lab: Lab, subnet: string): Promise<boolean>;
  /** Removes what an earlier lab of the same id left and Vagrant does not know; returns names. */
  clearLeftovers(lab: Lab): Promise<string[]>;
  /** Both nodes exist, run, and are this lab's Vagrant machines. */
  isUp(lab: Lab): Promise<boolean>;
  /**
   * Boots the nodes. Vagrant starts at once and waits for `ready` (the lab with its record, what
   * prepareHost made), so its own start-up runs beside `lab up`'s checks; a rejection stops it.
   */
  boot(lab: Lab, ready: Promise<BootInputs>, onBooted?: NodeBooted): Promise<void>;
  /** How to reach each node's sshd from this host. */
  sshEntries(lab: Lab): Promise<SshEntry[]>;
  /**
   * sshEntries answers before the nodes boot (docker: the ports recorded for the lab), so `lab up`
   * can ask the nodes what it needs while Vagrant finishes; false when only Vagrant knows (VirtualBox).
   */
  readonly sshEntriesBeforeBoot: boolean;
  status(lab: Lab): Promise<NodeStatus[]>;
  /** Restarts one node (its sshd stopped answering, say). */
  restartNode(lab: Lab, node: string): Promise<void>;
  destroy(lab: Lab): Promise<Leftovers>;
  leftovers(lab: Lab): Promise<Leftovers>;
  /** The host facts this provider depends on, for `lab doctor`. */
  hostFindings(lab: Lab): Promise<Finding[]>;
}
