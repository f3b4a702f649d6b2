import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { docker } from '../docker-host.js';
import { checkSubnet, type ProviderName } from './names.js';
import { withLock } from './lock.js';
import { stateRoot } from './paths.js';
import { knownLabs, type LabRecord } from './record.js';

/**
 * A new lab's subnet and SSH ports, chosen under a lock (the state folder's) so that labs booted together
 * never pick the same: a /24 that no other lab, Docker network or host route uses, and ports no
 * other lab recorded and nothing listens on.
 */
export interface AllocationRequest {
  id: string;
  provider: ProviderName;
  /** The /24s to try, in order (the provider's: VirtualBox allows fewer). */
  candidates: string[];
  /** LAB_SUBNET, when the user chose one. */
  subnet?: string;
  nodes: string[];
  listen?: string;
  /** Takes the chosen subnet on the host at once, still under the lock; false when it was taken meanwhile (Provider.reserveSubnet). */
  reserve?: (subnet: string) => Promise<boolean>;
}

export const FIRST_SSH_PORT = 2300;

export async function allocate(req: AllocationRequest): Promise<LabRecord> {
  return withLock(join(stateRoot(), 'host-allocate.lock'), { command: `lab up --lab ${req.id}`, what: 'choosing subnets and ports', waitMs: 60_000 }, async () => {
    const others = knownLabs().filter((l) => l.id !== req.id && l.record);
    const taken = new Set(others.map((l) => l.record!.subnet));
    const networks = await dockerSubnets(req.id);
    // The lab's own network (a lab id used again) is no obstacle, nor the route to its bridge.
    const used = [...networks.others, ...hostRoutes().filter((r) => !networks.own.includes(r))];
    const free = (s: string) => !taken.has(s) && !used.some((r) => overlaps(r, s));
    let subnet: string;
    if (req.subnet) {
      subnet = checkSubnet(req.subnet);
      const owner = others.find((l) => l.record!.subnet === subnet);
      if (owner) throw new UsageError(`LAB_SUBNET ${subnet} is already lab "${owner.id}"'s`, 'leave LAB_SUBNET unset: a free subnet is chosen');
      if (req.reserve && !(await req.reserve(subnet))) throw new UsageError(`LAB_SUBNET ${subnet} overlaps a network of this host`, 'leave LAB_SUBNET unset: a free subnet is chosen');
    } else {
      // The lock is this state folder's: a lab of another one may take a subnet meanwhile.
      let found: string | undefined;
      for (const candidate of req.candidates.filter(free)) {
        if (!req.reserve || (await req.reserve(candidate))) {
          found = candidate;
          break;
        }
      }
      if (!found) throw new UsageError('no free /24 left for a new lab', 'remove labs you no longer need: lab down --lab ID');
      subnet = found;
    }
    const takenPorts = new Set(others.flatMap((l) => Object.values(l.record!.ports)));
    const ports: Record<string, number> = {};
    let port = FIRST_SSH_PORT;
    for (const node of req.nodes) {
      while (takenPorts.has(port) || !(await portFree(port, '127.0.0.1')) || (req.listen && !(await portFree(port, req.listen)))) port++;
      ports[node] = port++;
    }
    return { id: req.id, provider: req.provider, subnet, ports, listen: req.listen, created: new Date().toISOString() };
  });
}

/** Candidate /24s: `preferred` first, then 192.168.FROM–TO, in order. */
export function subnetRange(preferred: string, ...ranges: [number, number][]): string[] {
  const rest = ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => `192.168.${from + i}`));
  return [preferred, ...rest.filter((s) => s !== preferred)];
}

/** True when the CIDR `cidr` and the /24 `subnet` share addresses. */
export function overlaps(cidr: string, subnet: string): boolean {
  const [base = '', bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? 32);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || bits === 0) return false;
  const ip = (s: string) => s.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const mask = (b: number) => (b === 0 ? 0 : (0xffffffff << (32 - b)) >>> 0);
  const common = Math.min(bits, 24);
  return ((ip(base) & mask(common)) >>> 0) === ((ip(`${subnet}.0`) & mask(common)) >>> 0);
}

/** The IPv4 routes of the host (/proc/net/route), as CIDRs, the default route left out. */
export function hostRoutes(table?: string): string[] {
  let text = table;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/net/route', 'utf8');
    } catch {
      return [];
    }
  }
  const hexIp = (h: string) => [3, 2, 1, 0].map((i) => parseInt(h.slice(i * 2, i * 2 + 2), 16)).join('.');
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 8 && f[7] !== '00000000')
    .map((f) => `${hexIp(f[1]!)}/${popcount(parseInt(f[7]!, 16))}`);
}

const popcount = (n: number) => n.toString(2).split('').filter((b) => b === '1').length;

/** Subnets of the Docker networks: those labelled as this lab's own (a re-used id), and the others. */
async function dockerSubnets(id: string): Promise<{ own: string[]; others: string[] }> {
  const ids = (await docker(['network', 'ls', '-q'])).split('\n').filter(Boolean);
  const result = { own: [] as string[], others: [] as string[] };
  if (ids.length === 0) return result;
  const out = await docker(['network', 'inspect', '--format', '{{index .Labels "lab.id"}}|{{range .IPAM.Config}}{{.Subnet}} {{end}}', ...ids]);
  for (const line of out.split('\n').filter((l) => l.includes('|'))) {
    const [label, subnets = ''] = line.split('|');
    (label === id ? result.own : result.others).push(...subnets.split(/\s+/).filter((s) => s.includes('.')));
  }
  return result;
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}
