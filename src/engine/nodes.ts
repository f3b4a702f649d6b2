/**
 * What the engine needs from the machines it drives. The real implementation is SSH to the
 * Vagrant nodes (src/nodes); tests use a fake. The engine never learns which.
 */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** null when the command was killed or timed out. */
  code: number | null;
  signal?: string | null;
  timedOut?: boolean;
  /** Set by a `wait` step that never saw its command succeed: how long it tried. */
  gaveUpAfterMs?: number;
  /** stdout and stderr as they arrived, where the transport can tell (SSH); the transcript shows this order. */
  chunks?: OutputChunk[];
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ExecOptions {
  stdin?: string;
  timeoutMs?: number;
}

export interface Nodes {
  /** Run a shell command on `node` (a lab node or `host`) as the lab user, in its home directory. */
  exec(node: string, command: string, options?: ExecOptions): Promise<ExecResult>;
}

/** Single-quote for POSIX sh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
