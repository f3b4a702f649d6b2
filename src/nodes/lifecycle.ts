import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Nodes } from '../engine/nodes.js';
import { EnvironmentError } from '../errors.js';
import { projectRoot, stateDir } from '../paths.js';
import { docker, labContainers, labNetworks, labVolumes, volumesOf, type LabContainer } from './docker-host.js';
import { workshopTarball, type WorkshopImage } from './images.js';
import { sshConfigFile } from './ssh-config-cache.js';
import type { Topology } from './topology.js';
import { vagrant } from './vagrant.js';

/** The container id Vagrant recorded for a node in this checkout, if any. */
function vagrantMachineId(node: string, root = projectRoot): string | undefined {
  const f = join(root, '.vagrant', 'machines', node, 'docker', 'id');
  return existsSync(f) ? readFileSync(f, 'utf8').trim() : undefined;
}

/**
 * Containers carrying this lab's id that this checkout's Vagrant does not know (an earlier run,
 * another clone): Vagrant would trip over their names, so they go.
 */
export async function clearLeftovers(t: Topology): Promise<string[]> {
  if (t.provider !== 'docker') return [];
  const orphans = (await labContainers(t.id)).filter((c) => vagrantMachineId(c.node) !== c.id);
  if (orphans.length === 0) return [];
  const volumes = await volumesOf(orphans.map((c) => c.id));
  await docker(['rm', '-f', '-v', ...orphans.map((c) => c.id)]);
  if (volumes.length) await docker(['volume', 'rm', '-f', ...volumes]).catch(() => '');
  return orphans.map((c) => c.name);
}

/** True when both nodes run as this checkout's Vagrant machines and their SSH config is cached. */
export async function nodesRunning(t: Topology): Promise<boolean> {
  if (t.provider !== 'docker') return false;
  const containers = await labContainers(t.id);
  return (
    existsSync(sshConfigFile()) &&
    t.nodes.every((n) => containers.some((c) => c.node === n.name && c.state === 'running' && vagrantMachineId(n.name) === c.id))
  );
}

export async function bootNodes(t: Topology, nodeImage?: string): Promise<void> {
  await vagrant(['up', `--provider=${t.provider}`, ...t.nodes.map((n) => n.name)], nodeImage ? { env: { LAB_NODE_IMAGE: nodeImage } } : {});
}

/** Waits until dockerd answers on every node (it may still be starting after boot). */
export async function waitForDocker(nodes: Nodes, names: string[], timeoutMs = 90_000): Promise<void> {
  await Promise.all(
    names.map(async (node) => {
      const r = await nodes.exec(node, `for i in $(seq 1 ${Math.ceil(timeoutMs / 500)}); do docker info >/dev/null 2>&1 && exit 0; sleep 0.5; done; docker info`, { timeoutMs: timeoutMs + 5_000 });
      if (r.code !== 0) throw new EnvironmentError(`Docker is not ready on ${node}: ${r.stderr.trim().split('\n').pop()}`, `look at it: lab ssh ${node} -- sudo journalctl -u docker --no-pager | tail`);
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Docker provider: loads the workshop images straight into each node container (docker exec) as
 * soon as Vagrant has created it — while `vagrant up` is still busy with SSH and networks — so the
 * load costs little time of its own. One exec per node waits for the inner dockerd itself: polling
 * from the host costs CPU that Vagrant needs. Returns the nodes it loaded.
 */
export async function preloadWorkshopImages(t: Topology, images: WorkshopImage[], timeoutMs = 120_000): Promise<string[]> {
  if (t.provider !== 'docker') return [];
  const refs = images.map((i) => i.ref).join(' ');
  const expected = images.map((i) => i.id).sort().join(' ');
  const script = [
    `for i in $(seq 1 ${Math.ceil(timeoutMs / 500)}); do docker info >/dev/null 2>&1 && break; sleep 0.5; done`,
    `if [ "$(docker image inspect --format '{{.Id}}' ${refs} 2>/dev/null | sort | xargs)" = "${expected}" ]; then cat >/dev/null; echo present; else docker load; fi`,
  ].join('\n');
  const loaded: string[] = [];
  await Promise.all(
    t.nodes.map(async (n) => {
      const container = `${t.id}-${n.name}`;
      const deadline = Date.now() + timeoutMs;
      while ((await labContainers(t.id)).find((c) => c.name === container)?.state !== 'running') {
        if (Date.now() > deadline) throw new EnvironmentError(`${n.name}: Vagrant did not start its container`, 'run `lab up` again; `lab doctor` checks the host');
        await sleep(500);
      }
      const load = await execa('docker', ['exec', '-i', container, 'sh', '-c', script], { inputFile: workshopTarball(), reject: false });
      if (load.exitCode !== 0) throw new EnvironmentError(`loading the workshop images into ${n.name} failed: ${String(load.stderr).trim()}`, `look at it: docker exec ${container} journalctl -u docker --no-pager | tail`);
      if (!String(load.stdout).includes('present')) loaded.push(n.name);
    }),
  );
  return loaded;
}

/** Loads the cached workshop images over SSH into each node that lacks them (same image id). */
export async function loadWorkshopImages(nodes: Nodes, names: string[], images: WorkshopImage[]): Promise<string[]> {
  const loaded: string[] = [];
  await Promise.all(
    names.map(async (node) => {
      const r = await nodes.exec(node, `docker image inspect --format '{{.Id}}' ${images.map((i) => i.ref).join(' ')} 2>/dev/null`);
      const present = r.stdout.split('\n').map((l) => l.trim());
      if (images.every((i) => present.includes(i.id))) return;
      const load = await execa('ssh', ['-F', sshConfigFile(), node, 'docker load'], { inputFile: workshopTarball(), reject: false });
      if (load.exitCode !== 0) throw new EnvironmentError(`loading the workshop images into ${node} failed: ${String(load.stderr).trim()}`);
      loaded.push(node);
    }),
  );
  return loaded;
}

export interface NodeStatus {
  name: string;
  state: string;
  ip: string;
}

export async function nodeStatus(t: Topology): Promise<NodeStatus[]> {
  if (t.provider === 'docker') {
    const containers = await labContainers(t.id);
    return t.nodes.map((n) => ({ name: n.name, state: stateOf(containers.find((c) => c.node === n.name)), ip: n.ip }));
  }
  const out = await vagrant(['status', '--machine-readable']);
  return t.nodes.map((n) => {
    const line = out.split('\n').find((l) => l.split(',')[1] === n.name && l.split(',')[2] === 'state');
    return { name: n.name, state: line?.split(',')[3] ?? 'unknown', ip: n.ip };
  });
}

function stateOf(c: LabContainer | undefined): string {
  if (!c) return 'not created';
  return c.state === 'exited' ? 'stopped' : c.state;
}

export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/**
 * Destroys the nodes and everything the lab created, then proves it: returns what still carries
 * the lab's id (all lists empty on success).
 */
export async function destroyLab(t: Topology): Promise<Leftovers> {
  const before = t.provider === 'docker' ? await labContainers(t.id) : [];
  const volumes = await volumesOf(before.map((c) => c.id));
  if (existsSync(join(projectRoot, '.vagrant'))) await vagrant(['destroy', '-f']);
  if (t.provider === 'docker') {
    const still = await labContainers(t.id);
    if (still.length) await docker(['rm', '-f', '-v', ...still.map((c) => c.id)]);
    const existing = new Set((await docker(['volume', 'ls', '-q'])).split('\n'));
    const toRemove = [...volumes.filter((v) => existing.has(v)), ...(await labVolumes(t.id))];
    if (toRemove.length) await docker(['volume', 'rm', '-f', ...toRemove]);
    for (const net of await labNetworks(t.id)) await docker(['network', 'rm', net]);
  }
  rmSync(stateDir(), { recursive: true, force: true });
  return leftovers(t, volumes);
}

export async function leftovers(t: Topology, volumes: string[] = []): Promise<Leftovers> {
  if (t.provider !== 'docker') return { containers: [], networks: [], volumes: [] };
  const existing = new Set((await docker(['volume', 'ls', '-q'])).split('\n'));
  return {
    containers: (await labContainers(t.id)).map((c) => c.name),
    networks: await labNetworks(t.id),
    volumes: [...(await labVolumes(t.id)), ...volumes.filter((v) => existing.has(v))],
  };
}
