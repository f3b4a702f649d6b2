import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod/mini'; // the light build: every command reads state files
import { UsageError } from '../errors.js';
import { checkLabId, checkProvider, checkSubnet, LAB_ID_PATTERN, providerNames, type ProviderName } from './lab/names.js';
import { projectRoot } from '../paths.js';

const TopologyFile = z.object({
  id: z.string().check(z.regex(LAB_ID_PATTERN)),
  provider: z.enum(providerNames),
  subnet: z.string().check(z.regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/)),
  registry: z.object({ host: z.string(), node: z.string() }),
  nodes: z.array(z.object({ name: z.string(), hostname: z.string(), ip_suffix: z.int() })).check(z.minLength(1)),
  images: z.object({ box: z.string(), node: z.string(), workshop: z.array(z.string()) }),
});
export type TopologyFile = z.infer<typeof TopologyFile>;

export interface NodeSpec {
  name: string;
  hostname: string;
  ip: string;
}

/** lab.yaml for one lab: its id, provider and subnet applied (the same reading the Vagrantfile makes). */
export interface Topology {
  id: string;
  provider: ProviderName;
  subnet: string;
  registry: { host: string; node: string; ip: string };
  nodes: NodeSpec[];
  images: { box: string; node: string; workshop: string[] };
}

export function readTopologyFile(root: string = projectRoot): TopologyFile {
  return TopologyFile.parse(parse(readFileSync(join(root, 'lab.yaml'), 'utf8')));
}

export function makeTopology(file: TopologyFile, lab: { id: string; provider: ProviderName; subnet: string }): Topology {
  const nodes = file.nodes.map((n) => ({ name: n.name, hostname: n.hostname, ip: `${lab.subnet}.${n.ip_suffix}` }));
  const registryNode = nodes.find((n) => n.name === file.registry.node);
  if (!registryNode) throw new UsageError(`lab.yaml: registry.node ${file.registry.node} is not a node`);
  return { ...lab, registry: { host: file.registry.host, node: registryNode.name, ip: registryNode.ip }, nodes, images: file.images };
}

/** The default lab's topology with the environment's overrides (what a lab that is not up yet would get). */
export function loadTopology(root: string = projectRoot, env: NodeJS.ProcessEnv = process.env): Topology {
  const file = readTopologyFile(root);
  return makeTopology(file, {
    id: env.LAB_ID ? checkLabId(env.LAB_ID, 'LAB_ID') : file.id,
    provider: env.LAB_PROVIDER ? checkProvider(env.LAB_PROVIDER) : file.provider,
    subnet: env.LAB_SUBNET ? checkSubnet(env.LAB_SUBNET) : file.subnet,
  });
}

/** The values scenarios may use as {{name}}: registry.host, registry.ip, node1.ip, node2.hostname, … */
export function topologyVariables(t: Topology): Record<string, string> {
  const vars: Record<string, string> = {
    'lab.id': t.id,
    'registry.host': t.registry.host,
    'registry.ip': t.registry.ip,
    'registry.node': t.registry.node,
  };
  for (const n of t.nodes) {
    vars[`${n.name}.ip`] = n.ip;
    vars[`${n.name}.hostname`] = n.hostname;
  }
  return vars;
}
