import * as z from 'zod/mini'; // the light build: every command reads state files
import type { Nodes } from '../engine/nodes.js';
import { EnvironmentError } from '../errors.js';
import { labCommand, type Lab } from './lab/record.js';
import { readCache, readState, writeState } from './lab/store.js';
import { runNodeScript, SCRIPT_END } from './node-script.js';

/**
 * The baseline: the state of each node right after `lab up`. Recorded on the node (copies of
 * what may change) and as a fingerprint on the host; `lab reset` restores the first and proves
 * the result against the second.
 */
const Fingerprints = z.record(z.string(), z.string());
type Fingerprints = z.infer<typeof Fingerprints>;

const sudoScript = (nodes: Nodes, node: string, names: string | string[], options: { timeoutMs?: number; nice?: number } = {}) =>
  runNodeScript(nodes, node, [names].flat().map((name) => `src/nodes/sh/${name}.sh`), options);

export async function fingerprint(nodes: Nodes, node: string): Promise<string> {
  const r = await sudoScript(nodes, node, 'fingerprint');
  if (r.code !== 0) throw new EnvironmentError(`cannot read the state of ${node}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Records the baseline on each node (once per node's life) and its fingerprint on the host. */
/**
 * Records the baseline on each node (once per node's life) and its fingerprint on the host. A
 * fingerprint lost on the host (damaged or deleted baseline.json) is taken again after a reset
 * from the node's own copy, so it never records a node a student has changed.
 */
export async function recordBaseline(lab: Lab, nodes: Nodes, names: string[], options: { nice?: number } = {}): Promise<void> {
  const stored = readCache(lab.files.baseline, Fingerprints) ?? {};
  await Promise.all(
    names.map(async (node) => {
      // A node with no fingerprint on the host (a new lab): the record and the fingerprint of what
      // it recorded in one exec. Otherwise the record alone, which is done once per node's life.
      const r = await sudoScript(nodes, node, stored[node] ? 'baseline-record' : ['baseline-record', 'fingerprint'], options);
      const [record = '', print] = r.stdout.split(SCRIPT_END).map((part) => part.trim());
      if (r.code !== 0) throw new EnvironmentError(`cannot record the baseline on ${node}: ${r.stderr.trim() || `exit ${r.code}`}`);
      if (record.includes('recorded')) stored[node] = print || (await fingerprint(nodes, node));
      else if (!stored[node]) stored[node] = (await resetNode(nodes, node)).print;
    }),
  );
  writeState(lab.files.baseline, stored);
}

/** Lines of the current state that differ from the baseline, per node (empty: at baseline). */
export async function baselineDrift(lab: Lab, nodes: Nodes, names: string[]): Promise<Record<string, string[]>> {
  const expected = recordedFingerprints(lab, names);
  const drift: Record<string, string[]> = {};
  await Promise.all(
    names.map(async (node) => {
      drift[node] = diffLines(expected[node]!, await fingerprint(nodes, node));
    }),
  );
  return drift;
}

/** The fingerprint recorded at `lab up` for each of these nodes; a node without one is named. */
function recordedFingerprints(lab: Lab, names: string[]): Fingerprints {
  const stored = readState(lab.files.baseline, Fingerprints) ?? {};
  const missing = names.find((node) => !stored[node]);
  if (missing) throw new EnvironmentError(`no baseline recorded for ${missing}`, `run \`${labCommand(lab, 'up')}\``);
  return stored;
}

/** "aspect: expected → found" for each line that differs. */
export function diffLines(expected: string, found: string): string[] {
  const parse = (s: string) => new Map(s.split('\n').map((l) => [l.split(':')[0]!, l.slice(l.indexOf(':') + 1).trim()] as const));
  const e = parse(expected);
  const f = parse(found);
  const out: string[] = [];
  for (const key of new Set([...e.keys(), ...f.keys()])) {
    if (e.get(key) !== f.get(key)) out.push(`${key}: expected "${e.get(key) ?? ''}", found "${f.get(key) ?? ''}"`);
  }
  return out;
}

/**
 * Flushes docker.service's start counter on every node (StartLimitBurst=3 a minute): a run from
 * an untouched baseline restarts dockerd twice, and earlier restarts must not count against it.
 */
export async function flushStartLimit(nodes: Nodes, names: string[]): Promise<void> {
  await Promise.all(names.map((node) => nodes.exec(node, 'sudo systemctl reset-failed docker.service')));
}

export interface ResetOutcome {
  durationMs: number;
  restarted: string[];
}

/**
 * Puts every node back to its baseline and proves it; throws with what differs otherwise. Each
 * node's proof is taken in its reset's exec: a node done first is proved while the other resets.
 */
export async function resetNodes(lab: Lab, nodes: Nodes, names: string[]): Promise<ResetOutcome> {
  const started = Date.now();
  const expected = recordedFingerprints(lab, names);
  const restarted: string[] = [];
  const left: string[] = [];
  await Promise.all(
    names.map(async (node) => {
      const r = await resetNode(nodes, node);
      if (r.restarted) restarted.push(node);
      left.push(...diffLines(expected[node]!, r.print).map((l) => `${node}: ${l}`));
    }),
  );
  if (left.length > 0) {
    throw new EnvironmentError(`reset did not reach the baseline:\n${left.join('\n')}`, '`lab down && lab up` rebuilds the nodes from scratch');
  }
  return { durationMs: Date.now() - started, restarted: names.filter((n) => restarted.includes(n)) };
}

/**
 * What `lab run` starts from: the nodes as `lab up` left them. A reset only when they drifted
 * (1–2 s, dockerd restarted); at the baseline already, only the start-limit flush. (`lab test`
 * always resets: what a self-test proves must not depend on what the fingerprint sees.)
 */
export async function ensureBaseline(lab: Lab, nodes: Nodes, names: string[]): Promise<void> {
  const drift = await baselineDrift(lab, nodes, names);
  if (Object.values(drift).some((d) => d.length > 0)) await resetNodes(lab, nodes, names);
  else await flushStartLimit(nodes, names);
}

/** Runs the reset script on one node and takes its fingerprint after, in one exec. */
async function resetNode(nodes: Nodes, node: string): Promise<{ restarted: boolean; print: string }> {
  const r = await sudoScript(nodes, node, ['reset', 'fingerprint'], { timeoutMs: 120_000 });
  const [out = '', print = ''] = r.stdout.split(SCRIPT_END).map((part) => part.trim());
  if (r.code !== 0 || !print) throw new EnvironmentError(`reset failed on ${node}: ${(r.stderr || out || `exit ${r.code}`).trim().split('\n').slice(-3).join(' ')}`, 'run `lab down && lab up` to rebuild the nodes');
  return { restarted: out.includes('restarted=1'), print };
}
