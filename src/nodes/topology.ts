import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../paths.js';

const TopologyFile = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  provider: z.enum(['docker', 'virtualbox']),
  subnet: z.string().regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/),
  registry: z.object({ host: z.string(), node: z.string() }),
  nodes: z.array(z.object({ name: z.string(), hostname: z.string(), ip_suffix: z.number().int() })).min(1),
  images: z.object({ box: z.string(), node: z.string(), workshop: z.array(z.string()) }),
});

export interface NodeSpec {
  name: string;
  hostname: string;
  ip: string;
}

/** lab.yaml after environment overrides: the same reading the Vagrantfile makes. */
export interface Topology {
  id: string;
  provider: 'docker' | 'virtualbox';
  subnet: string;
  registry: { host: string; node: string; ip: string };
  nodes: NodeSpec[];
  images: { box: string; node: string; workshop: string[] };
}

export function loadTopology(root: string = projectRoot, env: NodeJS.ProcessEnv = process.env): Topology {
  const file = TopologyFile.parse(parse(readFileSync(join(root, 'lab.yaml'), 'utf8')));
  const subnet = env.LAB_SUBNET ?? file.subnet;
  const provider = (env.LAB_PROVIDER as Topology['provider'] | undefined) ?? file.provider;
  const nodes = file.nodes.map((n) => ({ name: n.name, hostname: n.hostname, ip: `${subnet}.${n.ip_suffix}` }));
  const registryNode = nodes.find((n) => n.name === file.registry.node);
  if (!registryNode) throw new Error(`lab.yaml: registry.node ${file.registry.node} is not a node`);
  return {
    id: env.LAB_ID ?? file.id,
    provider,
    subnet,
    registry: { host: file.registry.host, node: registryNode.name, ip: registryNode.ip },
    nodes,
    images: file.images,
  };
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
