import { readFileSync } from 'node:fs';
import { NodeSSH } from 'node-ssh';
import { EnvironmentError, UsageError } from '../errors.js';
import type { ExecOptions, ExecResult, Nodes, OutputChunk } from '../engine/nodes.js';
import { runOnHost } from './host-transport.js';
import type { SshEntry } from './vagrant.js';

/**
 * The engine's `Nodes` over SSH: one node-ssh connection per node, opened on first use and reused
 * for every command after; `host` runs locally.
 */
export class SshNodes implements Nodes {
  private readonly connections = new Map<string, Promise<NodeSSH>>();

  constructor(private readonly entries: SshEntry[]) {}

  get names(): string[] {
    return this.entries.map((e) => e.host);
  }

  async exec(node: string, command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (node === 'host') return runOnHost(command, options);
    const ssh = await this.connection(node);
    const chunks: OutputChunk[] = [];
    const run = ssh.execCommand(command, {
      stdin: options.stdin,
      execOptions: { pty: false },
      onStdout: (b) => chunks.push({ stream: 'stdout', text: b.toString() }),
      onStderr: (b) => chunks.push({ stream: 'stderr', text: b.toString() }),
    }).then((r) => ({ stdout: r.stdout, stderr: r.stderr, code: r.code, signal: r.signal, chunks }));
    if (!options.timeoutMs) return run;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ExecResult>((resolve) => {
      timer = setTimeout(() => resolve({ stdout: '', stderr: `timed out after ${options.timeoutMs} ms`, code: null, timedOut: true }), options.timeoutMs);
    });
    try {
      return await Promise.race([run, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private connection(node: string): Promise<NodeSSH> {
    let c = this.connections.get(node);
    if (!c) {
      const entry = this.entries.find((e) => e.host === node);
      if (!entry) {
        throw new UsageError(`unknown node "${node}"`, `nodes: ${this.names.join(', ')}`);
      }
      c = connect(entry);
      this.connections.set(node, c);
      c.catch(() => this.connections.delete(node));
    }
    return c;
  }

  dispose(): void {
    for (const c of this.connections.values()) c.then((ssh) => ssh.dispose(), () => undefined);
    this.connections.clear();
  }
}

async function connect(entry: SshEntry): Promise<NodeSSH> {
  const ssh = new NodeSSH();
  try {
    await ssh.connect({
      host: entry.hostName,
      port: entry.port,
      username: entry.user,
      privateKey: readFileSync(entry.identityFile, 'utf8'),
      readyTimeout: 10_000,
      keepaliveInterval: 5_000,
    });
  } catch (error) {
    throw new EnvironmentError(
      `cannot reach ${entry.host} over SSH (${entry.hostName}:${entry.port}): ${(error as Error).message}`,
      'is the lab up? `lab status` tells; `lab up` starts or recovers the nodes',
      { cause: error },
    );
  }
  return ssh;
}
