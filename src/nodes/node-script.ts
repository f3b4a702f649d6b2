import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecResult, Nodes } from '../engine/nodes.js';
import { projectRoot } from '../paths.js';

export interface NodeScriptOptions {
  /** The script's arguments, as shell words (the caller quotes them). */
  args?: string;
  /** Run as root (default): the scripts read and restore files only root may touch. */
  sudo?: boolean;
  timeoutMs?: number;
}

/**
 * Runs one of the project's shell scripts (a path below the project root) on a node in one exec:
 * the script goes to bash on stdin, so nothing is copied to the node first.
 */
export function runNodeScript(nodes: Nodes, node: string, file: string, options: NodeScriptOptions = {}): Promise<ExecResult> {
  const args = options.args ? ` -- ${options.args}` : '';
  const command = `${options.sudo === false ? '' : 'sudo -n '}bash -s${args}`;
  return nodes.exec(node, command, { stdin: readFileSync(join(projectRoot, file), 'utf8'), timeoutMs: options.timeoutMs ?? 60_000 });
}
