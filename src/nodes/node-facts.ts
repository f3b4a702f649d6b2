import { setTimeout as sleep } from 'node:timers/promises';
import type { Nodes } from '../engine/nodes.js';
import { EnvironmentError, UnreachableError } from '../errors.js';
import { recordBaseline } from './baseline.js';
import type { WorkshopImage } from './images.js';
import type { Lab } from './lab/record.js';
import type { NodeBooted } from './provider/provider.js';
import { SCRIPT_END } from './node-script.js';

/** What `lab up` needs to know of a node once it answers over SSH. */
export interface NodeFacts {
  node: string;
  /** The node's public host keys, as /etc/ssh/ssh_host_*_key.pub hold them. */
  hostKeys: string;
  /** The workshop images its Docker lacks (none: the node image carries them). */
  missing: WorkshopImage[];
}

/** lab's questions and bookkeeping while Vagrant boots run at this niceness: they yield to it. */
const NICE = 15;

/**
 * One exec per node: waits until its Docker answers, then reads its SSH host keys and the ids of
 * the workshop images it holds. One round trip and two docker calls, where the three questions
 * asked apart cost a round trip and a `docker info` each.
 */
export async function askNode(nodes: Nodes, node: string, images: WorkshopImage[], timeoutMs = 90_000): Promise<NodeFacts> {
  const tries = Math.ceil(timeoutMs / 500);
  const r = await nodes.exec(
    node,
    [
      `renice -n ${NICE} $$ >/dev/null`,
      `i=0; until docker version >/dev/null 2>&1; do i=$((i+1)); [ $i -lt ${tries} ] || { docker version >/dev/null; exit 3; }; sleep 0.5; done`,
      'cat /etc/ssh/ssh_host_*_key.pub',
      `echo ${SCRIPT_END}`,
      `docker image inspect --format '{{.Id}}' ${images.map((i) => i.ref).join(' ')} 2>/dev/null; true`,
    ].join('\n'),
    { timeoutMs: timeoutMs + 5_000 },
  );
  if (r.code !== 0) throw new EnvironmentError(`Docker is not ready on ${node}: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`, `look at it: lab ssh ${node} -- sudo journalctl -u docker --no-pager | tail`);
  const [hostKeys = '', ids = ''] = r.stdout.split(SCRIPT_END);
  const present = ids.split('\n').map((l) => l.trim());
  return { node, hostKeys, missing: images.filter((i) => !present.includes(i.id)) };
}

export const askNodes = (nodes: Nodes, names: string[], images: WorkshopImage[]): Promise<NodeFacts[]> =>
  Promise.all(names.map((n) => askNode(nodes, n, images)));

/**
 * The same questions, asked while Vagrant is still busy: once a node's SSH answers, `vagrant up`
 * still writes /vagrant's line in its /etc/fstab and ends (0.6–1 s here, after the other node is
 * ready too), time in which these answers come for free. A node is first tried once Vagrant says
 * it booted (`vagrantBooted`; or once the whole boot ended, should Vagrant never say so), then every
 * 250 ms until it answers; a failed boot ends the tries. Only for nodes whose SSH address is known
 * before they boot (Provider.sshEntriesBeforeBoot).
 */
export async function askWhenReachable(nodes: Nodes, names: string[], images: WorkshopImage[], booted: Promise<unknown>, vagrantBooted: (node: string) => Promise<void>): Promise<NodeFacts[]> {
  let failed = false;
  let bootedAt: number | undefined;
  booted.then(
    () => (bootedAt = Date.now()),
    () => (failed = true),
  );
  return Promise.all(
    names.map(async (node) => {
      await Promise.race([vagrantBooted(node), booted.catch(() => undefined)]);
      for (;;) {
        if (failed) throw new EnvironmentError(`${node}: the boot failed before it answered over SSH`);
        try {
          return await askNode(nodes, node, images);
        } catch (error) {
          // Not listening yet, or the port's proxy closed on a node still starting: try again.
          // Vagrant saw SSH answer before it ended: past 30 s after, the node is really unreachable.
          if (!(error instanceof UnreachableError) || failed || (bootedAt && Date.now() - bootedAt > 30_000)) throw error;
        }
        await sleep(250);
      }
    }),
  );
}

export interface AskedWhileBooting {
  facts: NodeFacts[];
  /** The baseline is recorded too (not when an image must be loaded first). */
  baselined: boolean;
}

/**
 * What `lab up` does while `vagrant up` finishes: once SSH answers, Vagrant only writes /vagrant's
 * line in /etc/fstab (the guest is declared: no detection), which the baseline does not cover.
 * So the nodes are asked, and their baseline recorded, in that time. This holds because the
 * docker provider has no provisioner (the Vagrantfile says so where one would go).
 * All of it runs niced on the nodes, so that what Vagrant has them do comes first.
 */
export async function whileBooting(lab: Lab, nodes: Nodes, names: string[], images: WorkshopImage[], booted: Promise<unknown>, vagrantBooted: (node: string) => Promise<void>): Promise<AskedWhileBooting> {
  const facts = await askWhenReachable(nodes, names, images, booted, vagrantBooted);
  if (facts.some((f) => f.missing.length > 0)) return { facts, baselined: false };
  await recordBaseline(lab, nodes, names, { nice: NICE });
  return { facts, baselined: true };
}

/** One promise per node, resolved when `tell(node)` is called (Provider.boot's NodeBooted). */
export function bootSignals(names: string[]): { tell: NodeBooted; booted: (node: string) => Promise<void> } {
  const resolvers = new Map<string, () => void>();
  const promises = new Map(names.map((n) => [n, new Promise<void>((resolve) => resolvers.set(n, resolve))]));
  return { tell: (node) => resolvers.get(node)?.(), booted: (node) => promises.get(node) ?? Promise.resolve() };
}
