import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../../errors.js';
import { docker, labContainers, labNetworks, labVolumes, volumesOf, type LabContainer } from '../docker-host.js';
import { dockerHostFindings, type Finding } from '../doctor.js';
import { inotifyUse, INOTIFY_FIX, nodesThatFit } from '../host-limits.js';
import { ensureNodeImage } from '../images.js';
import { subnetRange } from '../lab/allocate.js';
import { requireRecord, type Lab } from '../lab/record.js';
import { clearLabDir } from '../lab/store.js';
import type { SshEntry } from '../ssh-config-cache.js';
import { vagrant } from '../vagrant.js';
import type { BootInputs, Leftovers, NodeBooted, NodeStatus, Provider } from './provider.js';
import { byOwner, idTaken, recordedMachine } from './same-id.js';
import { vagrantEnv, vagrantUp } from './vagrant-env.js';

/**
 * Nodes as systemd containers on the host's Docker engine (Linux, CI), started by Vagrant's
 * docker provider from the offline node image. Every Docker call goes through the `docker` CLI
 * with the caller's environment, so DOCKER_HOST / DOCKER_CONTEXT choose the engine.
 */
export class DockerProvider implements Provider {
  readonly name = 'docker' as const;
  readonly sshEntriesBeforeBoot = true;

  /** Any private /24 no one uses: 192.168.64–254 first (clear of VirtualBox's range), then 56–63. */
  subnetCandidates(preferred: string): string[] {
    return subnetRange(preferred, [64, 254], [56, 63]);
  }

  async prepareHost(): Promise<string | undefined> {
    return (await ensureNodeImage()).ref;
  }

  /**
   * The network Vagrant's docker provider makes for the nodes' private_network, as it makes it
   * (name, subnet, label: its PrepareNetworks), made under the allocation lock instead: the subnet
   * is taken host-wide at once, not when Vagrant gets there 1.5 s later, and Vagrant, finding a
   * network that holds the nodes' addresses, uses it (0.1 s of its boot). A network of that name
   * carrying the lab's id already (an earlier lab of the same id) is used as it is. False when
   * Docker says the subnet overlaps one made meanwhile (a lab of another state folder, whose
   * allocation lock is its own).
   */
  async reserveSubnet(lab: Lab, subnet: string): Promise<boolean> {
    const name = `vagrant_network_${subnet}.0/24`;
    try {
      await docker(['network', 'create', name, '--label', `lab.id=${lab.id}`, '--subnet', `${subnet}.0/24`]);
      return true;
    } catch (error) {
      if ((await labNetworks(lab.id)).includes(name)) return true;
      if (error instanceof EnvironmentError && /overlaps/.test(error.message)) return false;
      throw error;
    }
  }

  async clearLeftovers(lab: Lab): Promise<string[]> {
    const { own, others } = byOwner(lab, await labContainers(lab.id));
    if (others.length) throw idTaken(lab, others);
    const orphans = own.filter((c) => machineId(lab, c.node) !== c.id);
    if (orphans.length === 0) return [];
    const volumes = await volumesOf(orphans.map((c) => c.id));
    await docker(['rm', '-f', '-v', ...orphans.map((c) => c.id)]);
    if (volumes.length) await docker(['volume', 'rm', '-f', ...volumes]).catch(() => '');
    return orphans.map((c) => c.name);
  }

  async isUp(lab: Lab): Promise<boolean> {
    const containers = await ownContainers(lab);
    return lab.topology.nodes.every((n) => containers.some((c) => c.node === n.name && c.state === 'running' && machineId(lab, n.name) === c.id));
  }

  /**
   * `vagrant up`, watching the containers it starts (watchStart): a node that stops as soon as it
   * started (no inotify instance left, say) fails the boot within seconds, where Vagrant would
   * wait for its SSH until its own timeout.
   */
  async boot(lab: Lab, ready: Promise<BootInputs>, onBooted?: NodeBooted): Promise<void> {
    const done = new AbortController();
    const inputs = ready.then(({ lab: booted, prepared }) => ({ lab: booted, vars: prepared ? { LAB_NODE_IMAGE: prepared } : undefined }));
    const run = vagrantUp(lab, 'docker', inputs, { cancelSignal: done.signal }, onBooted);
    let died: unknown;
    const watched = watchStart(lab, done.signal).catch((error: unknown) => {
      died = error;
      throw error;
    });
    try {
      await Promise.race([run, watched]);
    } catch (error) {
      // A node died at start: the lab goes, as `lab down` takes it. Its other node started on the
      // same starved host (seen: left "initializing", its inotify units failed, its SSH resetting
      // connections), and a plain `lab up` after raising the limit kept such nodes.
      if (error === died) {
        done.abort();
        await run.catch(() => undefined);
        await this.destroy(lab).catch(() => undefined);
      }
      throw error;
    } finally {
      done.abort();
    }
  }

  /** The nodes publish sshd on the ports recorded for the lab: nothing to ask Vagrant (3.5 s). */
  async sshEntries(lab: Lab): Promise<SshEntry[]> {
    const record = requireRecord(lab);
    return lab.topology.nodes.map((n) => ({ host: n.name, hostName: '127.0.0.1', port: record.ports[n.name]!, user: 'vagrant', identityFile: lab.files.key }));
  }

  async status(lab: Lab): Promise<NodeStatus[]> {
    const containers = await ownContainers(lab);
    return lab.topology.nodes.map((n) => ({ name: n.name, state: stateOf(containers.find((c) => c.node === n.name)), ip: n.ip }));
  }

  async restartNode(lab: Lab, node: string): Promise<void> {
    await docker(['restart', '--time', '5', `${lab.id}-${node}`]);
  }

  async destroy(lab: Lab): Promise<Leftovers> {
    // Another folder's live lab of the same id (same-id.ts) keeps its nodes, and the networks they use.
    const { own: before, others } = byOwner(lab, await labContainers(lab.id));
    const volumes = await volumesOf(before.map((c) => c.id));
    if (lab.record && existsSync(lab.files.vagrant)) await vagrant(['destroy', '-f'], { env: vagrantEnv(lab, lab.record) }).catch(() => '');
    const still = await ownContainers(lab);
    if (still.length) await docker(['rm', '-f', '-v', ...still.map((c) => c.id)]);
    const existing = new Set((await docker(['volume', 'ls', '-q'])).split('\n'));
    const toRemove = [...volumes.filter((v) => existing.has(v)), ...(await labVolumes(lab.id))];
    if (toRemove.length) await docker(['volume', 'rm', '-f', ...toRemove]);
    for (const net of await ownNetworks(lab, others)) await docker(['network', 'rm', net]).catch(() => '');
    clearLabDir(lab.files.dir);
    return this.leftovers(lab, volumes);
  }

  async leftovers(lab: Lab, volumes: string[] = []): Promise<Leftovers> {
    const existing = new Set((await docker(['volume', 'ls', '-q'])).split('\n'));
    const { own, others } = byOwner(lab, await labContainers(lab.id));
    return {
      containers: own.map((c) => c.name),
      networks: await ownNetworks(lab, others),
      volumes: [...(await labVolumes(lab.id)), ...volumes.filter((v) => existing.has(v))],
    };
  }

  hostFindings(): Promise<Finding[]> {
    return dockerHostFindings();
  }
}

/** The lab's containers: those of a live lab of the same id in another state folder are not (same-id.ts). */
async function ownContainers(lab: Lab): Promise<LabContainer[]> {
  return byOwner(lab, await labContainers(lab.id)).own;
}

/** The networks carrying the lab's id, but those that `others` (byOwner), a live lab of the same id in another state folder, use. */
async function ownNetworks(lab: Lab, others: LabContainer[]): Promise<string[]> {
  const networks = await labNetworks(lab.id);
  if (!others.length || !networks.length) return networks;
  const inspected = await docker(['inspect', '--format', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', ...others.map((c) => c.id)]).catch(() => undefined);
  if (inspected === undefined) return []; // one of them went meanwhile: keep every network this time
  const used = new Set(inspected.split(/\s+/));
  return networks.filter((n) => !used.has(n));
}

/** A container's state and when it last started and stopped (ms; 0 when never), in one inspect. */
async function containerState(container: string): Promise<{ state?: string; startedAt: number; finishedAt: number }> {
  const [state, started = '', finished = ''] = (await docker(['inspect', '--format', '{{.State.Status}} {{.State.StartedAt}} {{.State.FinishedAt}}', container]).catch(() => '')).trim().split(' ');
  const ms = (t: string) => Math.max(0, Date.parse(t) || 0);
  return { state: state || undefined, startedAt: ms(started), finishedAt: ms(finished) };
}

/**
 * Rejects when a node's container dies while Vagrant boots it (no inotify instance left, say),
 * where Vagrant would wait for its SSH until its own timeout. Nothing polls Docker while Vagrant
 * works: the machine id it writes once it created the container is watched on disk, then the
 * container is looked at 1.5 s later, when Vagrant waits for SSH, and every 3 s after. A death
 * shows even if the container was started again: it started and stopped since the boot began.
 * (A `docker wait` per node from creation on cost Vagrant 0.08 s: two docker CLIs starting
 * while it created and started the nodes.)
 */
async function watchStart(lab: Lab, signal: AbortSignal): Promise<never> {
  const since = Date.now(); // Docker's times come from this host's clock
  const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined);
  await Promise.all(
    lab.topology.nodes.map(async (n) => {
      const container = `${lab.id}-${n.name}`;
      // Vagrant writes "preparing" first (InitState), the container's id once `docker create` returned.
      while (!signal.aborted && !/^[0-9a-f]{64}$/.test(machineId(lab, n.name) ?? '')) await pause(100);
      for (await pause(1_500); !signal.aborted; await pause(3_000)) {
        const { state, startedAt, finishedAt } = await containerState(container);
        if (state === undefined) return; // removed: Vagrant reports it
        // Started and stopped since this boot began (not merely stopped from before): it died at start.
        if (startedAt >= since && finishedAt >= since) throw containerExited(n.name, container);
      }
    }),
  );
  return new Promise<never>(() => undefined); // the boot decides
}

/** A node whose container stopped as soon as it started: say why when the host's limits tell. */
function containerExited(node: string, container: string): EnvironmentError {
  const inotify = inotifyUse();
  if (inotify && nodesThatFit(inotify) < 1) {
    return new EnvironmentError(`${node} stopped as soon as it started: its systemd found no inotify instance left (${inotify.inUse} of ${inotify.limit} in use on this host)`, INOTIFY_FIX);
  }
  return new EnvironmentError(`${node} stopped as soon as it started (container ${container})`, `look at it: docker logs ${container}; \`lab doctor\` checks the host`);
}

/** The container id this lab's Vagrant recorded for a node, if any. */
const machineId = (lab: Lab, node: string): string | undefined => recordedMachine(lab.files.dir, node);

function stateOf(c: LabContainer | undefined): string {
  if (!c) return 'not created';
  return c.state === 'exited' ? 'stopped' : c.state;
}
