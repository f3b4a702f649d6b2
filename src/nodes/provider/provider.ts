import type { Finding } from '../doctor.js';
import type { WorkshopImage } from '../images.js';
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

/**
 * What runs the nodes, as Molecule's drivers: one implementation per provider (docker,
 * virtualbox), and no provider branches anywhere else. Every method acts on one lab.
 */
export interface Provider {
  readonly name: ProviderName;
  /** The /24s a new lab may take, `preferred` (lab.yaml's) first. */
  subnetCandidates(preferred: string): string[];
  /** Host-wide things the nodes boot from (docker: the node image); a line for the user. */
  prepareHost(): Promise<string | undefined>;
  /** Removes what an earlier lab of the same id left and Vagrant does not know; returns names. */
  clearLeftovers(lab: Lab): Promise<string[]>;
  /** Both nodes exist, run, and are this lab's Vagrant machines. */
  isUp(lab: Lab): Promise<boolean>;
  boot(lab: Lab, prepared: string | undefined): Promise<void>;
  /**
   * Loads the workshop images into the nodes without SSH, while `boot` is still running, when
   * the provider can; returns the nodes it loaded into, or undefined when it cannot.
   */
  preloadImages(lab: Lab, images: WorkshopImage[]): Promise<string[] | undefined>;
  /** How to reach each node's sshd from this host. */
  sshEntries(lab: Lab): Promise<SshEntry[]>;
  status(lab: Lab): Promise<NodeStatus[]>;
  /** Restarts one node (its sshd stopped answering, say). */
  restartNode(lab: Lab, node: string): Promise<void>;
  destroy(lab: Lab): Promise<Leftovers>;
  leftovers(lab: Lab): Promise<Leftovers>;
  /** The host facts this provider depends on, for `lab doctor`. */
  hostFindings(lab: Lab): Promise<Finding[]>;
}
