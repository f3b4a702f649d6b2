/**
 * A session on a lab's nodes: SSH through the lab's own transport, the abort signal (Ctrl-C, a node
 * that stops), and what to say when a node went down under a command.
 */
import { EnvironmentError, ExpectationError, UnreachableError } from '../errors.js';
import { labCommand, requireRecord, type Lab } from '../nodes/lab/record.js';
import { nodeHealth } from '../nodes/node-health.js';
import { providerFor } from '../nodes/provider/index.js';
import { cachedSshEntries } from '../nodes/ssh-config-cache.js';
import { SshNodes } from '../nodes/ssh-transport.js';
import type { Topology } from '../nodes/topology.js';
import type { LoadContext } from '../scenario/load.js';
import { interruptSignal } from './interrupt.js';
import { currentLab, scenarioContext } from './lab-context.js';

export interface LabSession {
  lab: Lab;
  topology: Topology;
  nodes: SshNodes;
  nodeNames: string[];
  scenarioContext: LoadContext;
  /** Aborted by Ctrl-C, or (watched sessions) when a node stops: give it to the engine. */
  signal: AbortSignal;
  close(): void;
}

export interface SessionOptions {
  /** Look at the nodes every few seconds and abort when one stops or drops SSH (long commands). */
  watch?: boolean;
}

export function openSession(lab: Lab = currentLab(), options: SessionOptions = {}): LabSession {
  requireRecord(lab);
  const watchdog = new AbortController();
  const signal = AbortSignal.any([interruptSignal, watchdog.signal]);
  const nodes = new SshNodes(cachedSshEntries(lab), lab, signal);
  nodes.connectAll();
  let looking = false;
  const timer = options.watch
    ? setInterval(() => {
        if (looking || signal.aborted) return;
        looking = true;
        void nodesDown(lab)
          .then((error) => error && watchdog.abort(error))
          .finally(() => (looking = false));
      }, 3_000)
    : undefined;
  timer?.unref();
  const close = () => {
    clearInterval(timer);
    nodes.dispose();
  };
  return { lab, topology: lab.topology, nodes, nodeNames: lab.topology.nodes.map((n) => n.name), scenarioContext: scenarioContext(lab.topology), signal, close };
}

/** Runs `fn` with a session and always closes it (SSH connections, the watch). */
export async function withSession<T>(fn: (s: LabSession) => Promise<T>, lab?: Lab, options?: SessionOptions): Promise<T> {
  const session = openSession(lab, options);
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

/**
 * A failed expectation while a node was down is the environment's fault, not the student's: before
 * reporting one, look at the nodes, and report a stopped or unreachable node instead (exit 3). A
 * refused SSH connection is looked at too, to say which node stopped as well as which port refused.
 */
export async function environmentBehind(error: unknown): Promise<unknown> {
  if (!(error instanceof ExpectationError || error instanceof UnreachableError)) return error;
  let lab: Lab;
  try {
    lab = currentLab();
  } catch {
    return error;
  }
  return (await nodesDown(lab, error)) ?? error;
}

/**
 * An environment error naming the nodes that stopped or dropped SSH; undefined when all are fine.
 * A refused connection keeps its own words after the names (which address and port refused).
 */
async function nodesDown(lab: Lab, cause?: unknown): Promise<EnvironmentError | undefined> {
  if (!lab.record) return undefined;
  const sick = (await nodeHealth(lab, providerFor(lab.record.provider)).catch(() => [])).filter((n) => n.state !== 'running' || n.ssh === false);
  if (sick.length === 0) return undefined;
  const what = sick.map((n) => (n.state !== 'running' ? `${n.name} is ${n.state}` : `${n.name} does not answer over SSH`)).join(', ');
  const message = cause instanceof UnreachableError ? `${what}: ${cause.message}` : `${what}, so what failed is not the student's doing`;
  return new EnvironmentError(message, `\`${labCommand(lab, 'up')}\` restarts it; then run the command again`, { cause });
}
