import { existsSync } from 'node:fs';
import { vboxHostFindings, type Finding } from '../doctor.js';
import { subnetRange } from '../lab/allocate.js';
import { requireRecord, type Lab } from '../lab/record.js';
import { clearLabDir } from '../lab/store.js';
import type { SshEntry } from '../ssh-config-cache.js';
import { parseSshConfig, vagrant } from '../vagrant.js';
import type { BootInputs, NodeBooted, Leftovers, NodeStatus, Provider } from './provider.js';
import { vagrantEnv, vagrantUp } from './vagrant-env.js';

/** VirtualBox VMs, as in the seed (laptops): everything goes through Vagrant. */
export class VirtualBoxProvider implements Provider {
  readonly name = 'virtualbox' as const;
  readonly sshEntriesBeforeBoot = false;

  /** VirtualBox ≥ 6.1.28 allows host-only networks in 192.168.56.0/21 only, without extra configuration. */
  subnetCandidates(preferred: string): string[] {
    return subnetRange(preferred, [56, 63]);
  }

  async prepareHost(): Promise<undefined> {
    return undefined;
  }

  async reserveSubnet(): Promise<boolean> {
    return true; // VirtualBox's host-only network is made by VirtualBox for the VMs
  }

  async clearLeftovers(): Promise<string[]> {
    return [];
  }

  async isUp(lab: Lab): Promise<boolean> {
    return lab.record !== undefined && (await this.status(lab)).every((n) => n.state === 'running');
  }

  async boot(lab: Lab, ready: Promise<BootInputs>, onBooted?: NodeBooted): Promise<void> {
    await vagrantUp(lab, 'virtualbox', ready, {}, onBooted);
  }

  async sshEntries(lab: Lab): Promise<SshEntry[]> {
    return parseSshConfig(await vagrant(['ssh-config', ...lab.topology.nodes.map((n) => n.name)], { env: vagrantEnv(lab, requireRecord(lab)) }));
  }

  async status(lab: Lab): Promise<NodeStatus[]> {
    if (!lab.record || !existsSync(lab.files.vagrant)) return lab.topology.nodes.map((n) => ({ name: n.name, state: 'not created', ip: n.ip }));
    const out = await vagrant(['status', '--machine-readable'], { env: vagrantEnv(lab, lab.record) });
    return lab.topology.nodes.map((n) => {
      const line = out.split('\n').find((l) => l.split(',')[1] === n.name && l.split(',')[2] === 'state');
      return { name: n.name, state: line?.split(',')[3]?.replace('poweroff', 'stopped') ?? 'unknown', ip: n.ip };
    });
  }

  async restartNode(lab: Lab, node: string): Promise<void> {
    await vagrant(['reload', node], { env: vagrantEnv(lab, requireRecord(lab)) });
  }

  async destroy(lab: Lab): Promise<Leftovers> {
    if (lab.record && existsSync(lab.files.vagrant)) await vagrant(['destroy', '-f'], { env: vagrantEnv(lab, lab.record) });
    clearLabDir(lab.files.dir);
    return this.leftovers();
  }

  async leftovers(): Promise<Leftovers> {
    return { containers: [], networks: [], volumes: [] };
  }

  hostFindings(lab: Lab): Promise<Finding[]> {
    return vboxHostFindings(lab.topology.subnet);
  }
}
