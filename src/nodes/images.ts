import { join } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import { cacheDir, projectRoot } from '../paths.js';
import { inspectImages } from './docker-host.js';
import { withLock } from './lab/lock.js';
import { stateRoot } from './lab/paths.js';
import type { Topology } from './topology.js';

/**
 * The images the lab needs: the node image (built offline with debootstrap) and the workshop
 * images (registry:2, nginx:1.14) cached on the host as one tarball and loaded into each node.
 * The build recipes are the shell scripts in images/; this module runs them and reads the result.
 */
export const workshopTarball = (env = process.env) => join(cacheDir(env), 'workshop-images.tar');

/**
 * Runs an image recipe under the host-wide image lock: labs booted together (a class) build each
 * image once, and never rebuild the shared staging folders under each other.
 */
async function runScript(script: string, what: string): Promise<string> {
  const lock = { command: `build the ${what}`, what: 'the host image cache', waitMs: 20 * 60_000 };
  const r = await withLock(join(stateRoot(), 'host-images.lock'), lock, () =>
    execa('bash', [join(projectRoot, script)], { reject: false, all: true, env: { LAB_CACHE: cacheDir(), LAB_SSH_KEY: '' } }),
  );
  if (r.exitCode !== 0) {
    const tail = String(r.all ?? '').trim().split('\n').slice(-10).join('\n');
    throw new EnvironmentError(`building the ${what} failed (${script} exited ${r.exitCode}):\n${tail}`, 'run `lab doctor`; the full log is above');
  }
  return String(r.all ?? '').trim().split('\n').pop() ?? '';
}

export interface NodeImage {
  /** lab-node:<recipe hash>: the exact image this checkout's recipe builds. */
  ref: string;
  summary: string;
}

/**
 * Builds the node image unless its recipe's tag exists. `lab up` boots that exact tag (the
 * Vagrantfile's default, lab-node:latest, is whatever was built last on the host).
 */
export async function ensureNodeImage(): Promise<NodeImage> {
  const summary = await runScript('images/node/build.sh', 'node image');
  const ref = /^(\S+:[0-9a-f]{12})\b/.exec(summary)?.[1];
  if (!ref) throw new EnvironmentError(`images/node/build.sh did not name the image it built: "${summary}"`);
  return { ref, summary };
}

/** Builds (or pulls, with LAB_PULL=1) the workshop images and saves them to the host cache. */
export async function ensureWorkshopImages(t: Topology): Promise<WorkshopImage[]> {
  await runScript('images/workshop/build.sh', 'workshop images');
  const images = await describeWorkshopImages(t);
  return images;
}

export interface WorkshopImage {
  ref: string;
  id: string;
  /** Set when the image is an offline stand-in rather than the real one. */
  standin?: string;
}

/** The workshop images as Docker has them, read in one `docker image inspect`. */
export async function describeWorkshopImages(t: Topology): Promise<WorkshopImage[]> {
  const refs = t.images.workshop;
  const format = '{{.Id}}\t{{index .Config.Labels "lab.standin"}}';
  // One missing image fails the whole inspect: then each is asked alone, to name the missing one.
  const lines = (await inspectImages(refs, format)) ?? (await Promise.all(refs.map(async (ref) => (await inspectImages([ref], format))?.[0] ?? '')));
  return refs.map((ref, n) => {
    const [id = '', standin = ''] = (lines[n] ?? '').split('\t');
    if (!id) throw new EnvironmentError(`workshop image ${ref} is missing on the host`, 'run `lab up` (it builds the images) or `lab images`');
    return { ref, id, ...(standin && standin !== '<no value>' ? { standin } : {}) };
  });
}
