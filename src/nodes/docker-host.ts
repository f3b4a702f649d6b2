import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';

/** The host's Docker engine, as the docker provider uses it: what carries the lab's id. */
export async function docker(args: string[], input?: string): Promise<string> {
  const r = await execa('docker', args, { reject: false, input });
  if ((r as { code?: string }).code === 'ENOENT') {
    throw new EnvironmentError('docker is not installed', 'install it: apt-get install --no-install-recommends docker.io');
  }
  if (r.exitCode !== 0) {
    const err = String(r.stderr ?? '');
    if (/Cannot connect to the Docker daemon|Is the docker daemon running/.test(err)) {
      throw new EnvironmentError('the Docker engine is not running', 'start it: dockerd >/var/log/lab-dockerd.log 2>&1 &  (or: systemctl start docker)');
    }
    throw new EnvironmentError(`docker ${args.join(' ')} failed: ${err.trim().split('\n').slice(-3).join(' ')}`);
  }
  return String(r.stdout ?? '');
}

export interface LabContainer {
  id: string;
  name: string;
  node: string;
  state: string;
  /** The state folder of the lab that created it (label lab.state; absent on nodes made before it). */
  owner?: string;
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim().length > 0);

export const LAB_CONTAINER_FORMAT = '{{.ID}}\t{{.Names}}\t{{.Label "lab.node"}}\t{{.State}}\t{{.Label "lab.state"}}';

export async function labContainers(labId: string): Promise<LabContainer[]> {
  return parseLabContainers(await docker(['ps', '-a', '--no-trunc', '--filter', `label=lab.id=${labId}`, '--format', LAB_CONTAINER_FORMAT]));
}

/** `docker ps --format LAB_CONTAINER_FORMAT`, a container a line. */
export function parseLabContainers(out: string): LabContainer[] {
  return lines(out).map((l) => {
    const [id = '', name = '', node = '', state = '', owner = ''] = l.split('\t');
    return { id, name, node, state, ...(owner ? { owner } : {}) };
  });
}

export async function labNetworks(labId: string): Promise<string[]> {
  return lines(await docker(['network', 'ls', '--filter', `label=lab.id=${labId}`, '--format', '{{.Name}}']));
}

export async function labVolumes(labId: string): Promise<string[]> {
  return lines(await docker(['volume', 'ls', '-q', '--filter', `label=lab.id=${labId}`]));
}

/** Volumes mounted by these containers (the nodes' anonymous /var/lib/docker). */
export async function volumesOf(containerIds: string[]): Promise<string[]> {
  if (containerIds.length === 0) return [];
  const out = await docker(['inspect', '--format', '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}', ...containerIds]);
  return out.split(/\s+/).filter(Boolean);
}

/** One line per image (a Go template), in the order given; undefined when one of them is missing. */
export async function inspectImages(refs: string[], format: string): Promise<string[] | undefined> {
  const r = await execa('docker', ['image', 'inspect', '--format', format, ...refs], { reject: false });
  return r.exitCode === 0 ? String(r.stdout ?? '').split('\n') : undefined;
}
