import { shellQuote, type Nodes } from '../engine/nodes.js';
import { EnvironmentError } from '../errors.js';
import { runNodeScript } from '../nodes/node-script.js';
import { DEFAULT_CERTS_ROOT, type CertsDirFacts } from './facts.js';
import { parseCertsFacts } from './parse.js';

export interface GatherOptions {
  /** The certs.d folder to inspect (default /etc/docker/certs.d). */
  root?: string;
  /** Also connect to each folder's registry for its certificate (default true). */
  probe?: boolean;
  /** Read as root: keys in certs.d are mode 0400 (default true). */
  sudo?: boolean;
}

/** Gathers the facts of a certs.d tree on `node` in one exec: the script runs there, with openssl. */
export async function gatherCertsFacts(nodes: Nodes, node: string, options: GatherOptions = {}): Promise<CertsDirFacts> {
  const root = (options.root ?? DEFAULT_CERTS_ROOT).replace(/\/+$/, '') || '/';
  const r = await runNodeScript(nodes, node, 'src/diagnose/sh/certs-facts.sh', {
    args: `${shellQuote(root)} ${options.probe === false ? 0 : 1}`,
    sudo: options.sudo,
    timeoutMs: 120_000,
  });
  if (r.code !== 0) {
    throw new EnvironmentError(`cannot inspect ${root} on ${node}: ${(r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.code}`}`, node === 'host' ? undefined : 'is the lab up? `lab status`');
  }
  return parseCertsFacts(r.stdout, root);
}
