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
  /** Run at this niceness (`nice -n`): lab's own bookkeeping while Vagrant boots yields to it. */
  nice?: number;
}

/**
 * Runs the project's shell scripts (paths below the project root) on a node in one exec: the
 * script goes to bash on stdin, so nothing is copied to the node first. Several scripts run one
 * after the other, each in a subshell (its `exit` ends only it), until one fails; a line
 * SCRIPT_END separates their outputs.
 */
export function runNodeScript(nodes: Nodes, node: string, files: string | string[], options: NodeScriptOptions = {}): Promise<ExecResult> {
  const args = options.args ? ` -- ${options.args}` : '';
  const command = `${options.sudo === false ? '' : 'sudo -n '}${options.nice ? `nice -n ${options.nice} ` : ''}bash -s${args}`;
  const texts = [files].flat().map((file) => readFileSync(join(projectRoot, file), 'utf8'));
  const stdin = texts.length === 1 ? texts[0] : texts.map((t) => `(\n${t}\n) || exit\necho ${SCRIPT_END}`).join('\n');
  return nodes.exec(node, command, { stdin, timeoutMs: options.timeoutMs ?? 60_000 });
}

export const SCRIPT_END = '--lab-script-end--';
