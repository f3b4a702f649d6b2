import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { EnvironmentError } from '../../errors.js';
import { docker, labContainers, labNetworks, labVolumes, volumesOf, type LabContainer } from '../docker-host.js';
import { dockerHostFindings, type Finding } from '../doctor.js';
import { inotifyUse, INOTIFY_FIX, nodesThatFit } from '../host-limits.js';
import { ensureNodeImage, workshopTarball, type WorkshopImage } from '../images.js';
import { subnetRange } from '../lab/allocate.js';
import { requireRecord, type Lab } from '../lab/record.js';
import { clearLabDir } from '../lab/store.js';
import type { SshEntry } from '../ssh-config-cache.js';
import { vagrant } from '../vagrant.js';
import type { Leftovers, NodeStatus, Provider } from './provider.js';
import { vagrantEnv } from './vagrant-env.js';

/**
 * Nodes as systemd containers on the host's Docker engine (Linux, CI), started by Vagrant's
 * docker provider from the offline node image. Every Docker call goes through the `docker` CLI
 * with the caller's environment, so DOCKER_HOST / DOCKER_CONTEXT choose the engine.
 */
export class DockerProvider implements Provider {
  readonly name = 'docker' as const;

  /** Any private /24 no one uses: 192.168.64–254 first (clear of VirtualBox's range), then 56–63. */
  subnetCandidates(preferred: string): string[] {
    return subnetRange(preferred, [64, 254], [56, 63]);
  }

  async prepareHost(): Promise<string | undefined> {
    return (await ensureNodeImage()).ref;
  }

  async clearLeftovers(lab: Lab): Promise<string[]> {
    const orphans = (await labContainers(lab.id)).filter((c) => machineId(lab, c.node) !== c.id);
    if (orphans.length === 0) return [];
    const volumes = await volumesOf(orphans.map((c) => c.id));
    await docker(['rm', '-f', '-v', ...orphans.map((c) => c.id)]);
    if (volumes.length) await docker(['volume', 'rm', '-f', ...volumes]).catch(() => '');
    return orphans.map((c) => c.name);
  }

  async isUp(lab: Lab): Promise<boolean> {
    const containers = await labContainers(lab.id);
    return lab.topology.nodes.every((n) => containers.some((c) => c.node === n.name && c.state === 'running' && machineId(lab, n.name) === c.id));
  }

  async boot(lab: Lab, nodeImage: string | undefined): Promise<void> {
    const env = { ...vagrantEnv(lab, requireRecord(lab)), ...(nodeImage ? { LAB_NODE_IMAGE: nodeImage } : {}) };
    await vagrant(['up', '--provider=docker', ...lab.topology.nodes.map((n) => n.name)], { env });
  }

  /**
   * Loads the workshop images straight into each node container (docker exec) as soon as Vagrant
   * has created it — while `vagrant up` is still busy with SSH and networks. One exec per node
   * waits for the inner dockerd itself: polling from the host costs CPU that Vagrant needs.
   */
  async preloadImages(lab: Lab, images: WorkshopImage[], timeoutMs = 180_000): Promise<string[]> {
    const refs = images.map((i) => i.ref).join(' ');
    const expected = images.map((i) => i.id).sort().join(' ');
    const script = [
      `for i in $(seq 1 ${Math.ceil(timeoutMs / 500)}); do docker info >/dev/null 2>&1 && break; sleep 0.5; done`,
      `if [ "$(docker image inspect --format '{{.Id}}' ${refs} 2>/dev/null | sort | xargs)" = "${expected}" ]; then cat >/dev/null; echo present; else docker load; fi`,
    ].join('\n');
    const loaded: string[] = [];
    await Promise.all(
      lab.topology.nodes.map(async (n) => {
        const container = `${lab.id}-${n.name}`;
        const deadline = Date.now() + timeoutMs;
        const since = Date.now() - 1_000;
        for (;;) {
          const { state, startedAt } = await containerState(container);
          if (state === 'running') break;
          // Exited since Vagrant started it (not merely still stopped from before): it died at start.
          if (state === 'exited' && startedAt >= since) throw containerExited(n.name, container);
          if (Date.now() > deadline) throw new EnvironmentError(`${n.name}: Vagrant did not start its container within ${timeoutMs / 1000}s`, 'run `lab up` again; `lab doctor` checks the host');
          await sleep(500);
        }
        const load = await execa('docker', ['exec', '-i', container, 'sh', '-c', script], { inputFile: workshopTarball(), reject: false });
        if (load.exitCode !== 0) throw new EnvironmentError(`loading the workshop images into ${n.name} failed: ${String(load.stderr).trim()}`, `look at it: docker exec ${container} journalctl -u docker --no-pager | tail`);
        if (!String(load.stdout).includes('present')) loaded.push(n.name);
      }),
    );
    return loaded;
  }

  /** The nodes publish sshd on the ports recorded for the lab: nothing to ask Vagrant (3.5 s). */
  async sshEntries(lab: Lab): Promise<SshEntry[]> {
    const record = requireRecord(lab);
    return lab.topology.nodes.map((n) => ({ host: n.name, hostName: '127.0.0.1', port: record.ports[n.name]!, user: 'vagrant', identityFile: lab.files.key }));
  }

  async status(lab: Lab): Promise<NodeStatus[]> {
    const containers = await labContainers(lab.id);
    return lab.topology.nodes.map((n) => ({ name: n.name, state: stateOf(containers.find((c) => c.node === n.name)), ip: n.ip }));
  }

  async restartNode(lab: Lab, node: string): Promise<void> {
    await docker(['restart', '--time', '5', `${lab.id}-${node}`]);
  }

  async destroy(lab: Lab): Promise<Leftovers> {
    const before = await labContainers(lab.id);
    const volumes = await volumesOf(before.map((c) => c.id));
    if (lab.record && existsSync(lab.files.vagrant)) await vagrant(['destroy', '-f'], { env: vagrantEnv(lab, lab.record) }).catch(() => '');
    const still = await labContainers(lab.id);
    if (still.length) await docker(['rm', '-f', '-v', ...still.map((c) => c.id)]);
    const existing = new Set((await docker(['volume', 'ls', '-q'])).split('\n'));
    const toRemove = [...volumes.filter((v) => existing.has(v)), ...(await labVolumes(lab.id))];
    if (toRemove.length) await docker(['volume', 'rm', '-f', ...toRemove]);
    for (const net of await labNetworks(lab.id)) await docker(['network', 'rm', net]).catch(() => '');
    clearLabDir(lab.files.dir);
    return this.leftovers(lab, volumes);
  }

  async leftovers(lab: Lab, volumes: string[] = []): Promise<Leftovers> {
    const existing = new Set((await docker(['volume', 'ls', '-q'])).split('\n'));
    return {
      containers: (await labContainers(lab.id)).map((c) => c.name),
      networks: await labNetworks(lab.id),
      volumes: [...(await labVolumes(lab.id)), ...volumes.filter((v) => existing.has(v))],
    };
  }

  hostFindings(): Promise<Finding[]> {
    return dockerHostFindings();
  }
}

/** A container's state and when it last started (ms; 0 when never), read together in one inspect. */
async function containerState(container: string): Promise<{ state?: string; startedAt: number }> {
  const [state, started = ''] = (await docker(['inspect', '--format', '{{.State.Status}} {{.State.StartedAt}}', container]).catch(() => '')).trim().split(' ');
  const t = Date.parse(started);
  return { state: state || undefined, startedAt: Number.isNaN(t) ? 0 : t };
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
function machineId(lab: Lab, node: string): string | undefined {
  const f = join(lab.files.vagrant, 'machines', node, 'docker', 'id');
  return existsSync(f) ? readFileSync(f, 'utf8').trim() : undefined;
}

function stateOf(c: LabContainer | undefined): string {
  if (!c) return 'not created';
  return c.state === 'exited' ? 'stopped' : c.state;
}
