import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini'; // the light build: `lab up` reads this before anything else
import { cacheDir, projectRoot } from '../paths.js';
import { inspectImages } from './docker-host.js';
import { ensureWorkshopImages, workshopTarball, type WorkshopImage } from './images.js';
import { readCache, writeState } from './lab/store.js';
import type { Topology } from './topology.js';

export interface HostImages {
  images: WorkshopImage[];
  /** What the provider boots from (docker: the node image, workshop images inside). */
  prepared?: string;
}

const Remembered = z.object({
  key: z.string(),
  images: z.array(z.object({ ref: z.string(), id: z.string(), standin: z.optional(z.string()) })),
  prepared: z.optional(z.string()),
});

/**
 * The images `lab up` boots from: the recipes in images/ are run (under the host-wide image
 * lock), unless nothing they read has changed since they last ran and Docker still holds what
 * they made. Their fast paths alone cost 0.4 s of bash and docker calls per `lab up`, one lab
 * at a time in a class; this check costs one `docker image inspect`.
 */
export async function hostImages(provider: string, t: Topology, prepare: () => Promise<string | undefined>): Promise<HostImages> {
  const file = join(cacheDir(), 'host-images.json');
  const remembered = readCache(file, Remembered);
  if (remembered && remembered.key === inputsKey(provider) && (await stillThere(remembered))) {
    return { images: remembered.images, prepared: remembered.prepared };
  }
  const images = await ensureWorkshopImages(t);
  const prepared = await prepare();
  writeState(file, { key: inputsKey(provider), images, prepared });
  return { images, prepared };
}

/**
 * What the recipes read, by size and modification time: the files under images/, the Debian
 * packages installed (dpkg's status file: the stand-ins take their binaries from packages), the
 * workshop tarball, the default key (in the node image) and the variables the scripts take.
 */
export function inputsKey(provider: string, root = projectRoot): string {
  const tarball = workshopTarball();
  const files = [...filesUnder(join(root, 'images')), '/var/lib/dpkg/status', tarball, `${tarball}.ids`, join(cacheDir(), 'ssh', 'id_ed25519.pub')];
  const hash = createHash('sha256');
  for (const f of files) {
    const s = statSync(f, { throwIfNoEntry: false });
    hash.update(`${f} ${s ? `${s.size} ${s.mtimeMs}` : 'absent'}\n`);
  }
  for (const v of ['LAB_PULL', 'LAB_NODE_IMAGE', 'DOCKER_HOST', 'DOCKER_CONTEXT']) hash.update(`${v}=${process.env[v] ?? ''}\n`);
  return hash.update(provider).digest('hex');
}

/** Every file and folder below dir (a folder's time changes when a file comes or goes). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)).sort();
}

/** Docker still has the node image and the workshop images, with the same ids. */
async function stillThere(r: z.infer<typeof Remembered>): Promise<boolean> {
  const refs = [...r.images.map((i) => i.ref), ...(r.prepared ? [r.prepared] : [])];
  const ids = await inspectImages(refs, '{{.Id}}');
  return ids !== undefined && r.images.every((i, n) => ids[n] === i.id);
}
