import { execa } from 'execa';
import type { Nodes } from '../engine/nodes.js';
import { EnvironmentError } from '../errors.js';
import { workshopTarball, type WorkshopImage } from './images.js';
import type { Lab } from './lab/record.js';

/** Waits until dockerd answers on every node (it may still be starting after boot). */
export async function waitForDocker(nodes: Nodes, names: string[], timeoutMs = 90_000): Promise<void> {
  await Promise.all(
    names.map(async (node) => {
      const r = await nodes.exec(node, `for i in $(seq 1 ${Math.ceil(timeoutMs / 500)}); do docker info >/dev/null 2>&1 && exit 0; sleep 0.5; done; docker info`, { timeoutMs: timeoutMs + 5_000 });
      if (r.code !== 0) throw new EnvironmentError(`Docker is not ready on ${node}: ${r.stderr.trim().split('\n').pop()}`, `look at it: lab ssh ${node} -- sudo journalctl -u docker --no-pager | tail`);
    }),
  );
}

/** Loads the cached workshop images over SSH into each node that lacks them (same image id). */
export async function loadWorkshopImages(lab: Lab, nodes: Nodes, names: string[], images: WorkshopImage[]): Promise<string[]> {
  const loaded: string[] = [];
  await Promise.all(
    names.map(async (node) => {
      const r = await nodes.exec(node, `docker image inspect --format '{{.Id}}' ${images.map((i) => i.ref).join(' ')} 2>/dev/null`);
      const present = r.stdout.split('\n').map((l) => l.trim());
      if (images.every((i) => present.includes(i.id))) return;
      const load = await execa('ssh', ['-F', lab.files.sshConfig, node, 'docker load'], { inputFile: workshopTarball(), reject: false });
      if (load.exitCode !== 0) throw new EnvironmentError(`loading the workshop images into ${node} failed: ${String(load.stderr).trim()}`);
      loaded.push(node);
    }),
  );
  return loaded;
}
