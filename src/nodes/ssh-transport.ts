import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import type { NodeSSH } from 'node-ssh';
import { EnvironmentError, UnreachableError, UsageError } from '../errors.js';
import { shellQuote, type ExecOptions, type ExecResult, type Nodes, type OutputChunk } from '../engine/nodes.js';
import { hostVerifier } from './host-keys.js';
import { runOnHost } from './host-transport.js';
import { labCommand, type Lab } from './lab/record.js';
import type { SshEntry } from './ssh-config-cache.js';

/**
 * The engine's `Nodes` over SSH: one node-ssh connection per node, opened on first use and reused
 * for every command after; `host` runs locally.
 *
 * A command with a timeout runs under coreutils' `timeout` on the node, which kills its whole
 * process group when time is up: nothing keeps running after a step gave up, and a retry never
 * overlaps the attempt before it. A node that stops answering (killed, rebooted, sshd gone) is an
 * environment error naming the node, never a student's failure.
 */
export class SshNodes implements Nodes {
  private readonly connections = new Map<string, Promise<NodeSSH>>();
  /** Commands running now, by their tag (the last word of their command line on the node). */
  private readonly running = new Map<string, string>();
  private count = 0;

  private readonly onAbort = () => void this.stopRunning();

  constructor(private readonly entries: SshEntry[], private readonly lab?: Lab, private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get names(): string[] {
    return this.entries.map((e) => e.host);
  }

  async exec(node: string, command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (node === 'host') return runOnHost(command, options);
    const ssh = await this.connection(node);
    const seconds = options.timeoutMs ? Math.max(1, Math.ceil(options.timeoutMs / 1000)) : undefined;
    const tag = `labstep${process.pid}x${++this.count}`;
    // `timeout` leads its own process group and signals all of it; the tag names it for stopRunning.
    const remote = seconds ? `timeout -k 2 ${seconds} bash -c ${shellQuote(command)} ${tag}` : command;
    let r;
    this.running.set(tag, node);
    const chunks: OutputChunk[] = [];
    try {
      r = await ssh.execCommand(remote, {
        stdin: options.stdin,
        execOptions: { pty: false },
        onStdout: (b) => chunks.push({ stream: 'stdout', text: b.toString() }),
        onStderr: (b) => chunks.push({ stream: 'stderr', text: b.toString() }),
      });
    } catch (error) {
      this.connections.delete(node);
      throw this.lost(node, error);
    } finally {
      this.running.delete(tag);
    }
    if (r.code === null && r.signal === null && !ssh.isConnected()) {
      this.connections.delete(node);
      throw this.lost(node, new Error('connection closed'));
    }
    if (seconds && r.code === 124) return { stdout: r.stdout, stderr: `${r.stderr}${r.stderr ? '\n' : ''}timed out after ${seconds} s (the command was stopped)`.trim(), code: null, timedOut: true, chunks };
    return { stdout: r.stdout, stderr: r.stderr, code: r.code, signal: r.signal, chunks };
  }

  /** Interrupted: ends every command this process runs on the nodes (their whole process groups). */
  private async stopRunning(): Promise<void> {
    await Promise.all(
      [...this.running].map(async ([tag, node]) => {
        const ssh = await this.connections.get(node)?.catch(() => undefined);
        // [l]abstep… matches the tag but not pkill's own command line.
        await ssh?.execCommand(`pkill -TERM -f '[${tag[0]}]${tag.slice(1)}$'`).catch(() => undefined);
      }),
    );
  }

  private lost(node: string, error: unknown): EnvironmentError {
    const up = this.lab ? labCommand(this.lab, 'up') : 'lab up';
    return new EnvironmentError(`${node} stopped answering over SSH (${(error as Error).message})`, `\`${up}\` restarts it; \`lab status\` shows the nodes`, { cause: error });
  }

  private connection(node: string): Promise<NodeSSH> {
    let c = this.connections.get(node);
    if (!c) {
      const entry = this.entries.find((e) => e.host === node);
      if (!entry) {
        throw new UsageError(`unknown node "${node}"`, `nodes: ${this.names.join(', ')}`);
      }
      c = connect(entry, this.lab);
      this.connections.set(node, c);
      c.then(
        (ssh) => ssh.connection?.on('close', () => this.connections.get(node) === c && this.connections.delete(node)),
        () => this.connections.delete(node),
      );
    }
    return c;
  }

  /**
   * Opens every node's connection now, side by side, instead of one after the other at each node's
   * first command (a handshake is ~90 ms). A node that does not answer is not an error here: its
   * first command reports it, as without this.
   */
  connectAll(): void {
    for (const e of this.entries) this.connection(e.host).catch(() => undefined);
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    for (const c of this.connections.values()) c.then((ssh) => ssh.dispose(), () => undefined);
    this.connections.clear();
  }
}

async function connect(entry: SshEntry, lab?: Lab): Promise<NodeSSH> {
  // Loaded at the first connection (ssh2 takes ~40 ms to load): `lab up` reaches its first one
  // while Vagrant is still busy, and commands that never connect do not pay it.
  const { NodeSSH } = await import('node-ssh');
  const ssh = new NodeSSH();
  const privateKey = readFileSync(entry.identityFile, 'utf8'); // before the socket: nothing left open if it fails
  // TCP_NODELAY, as OpenSSH sets it: without it each command's small packets wait out the peer's
  // delayed ACK (Nagle), 40 ms a command on loopback — measured 47.6 ms per `true`, 3.7 ms with it.
  const sock = tcpConnect({ host: entry.hostName, port: entry.port, noDelay: true });
  try {
    await ssh.connect({
      sock,
      host: entry.hostName,
      port: entry.port,
      username: entry.user,
      privateKey,
      readyTimeout: 20_000,
      keepaliveInterval: 5_000,
      keepaliveCountMax: 3,
      hostVerifier: hostVerifier(entry),
    });
  } catch (error) {
    sock.destroy();
    const up = lab ? labCommand(lab, 'up') : 'lab up';
    if (/verification failed/i.test((error as Error).message)) {
      throw new EnvironmentError(`${entry.host} (${entry.hostName}:${entry.port}) presented an SSH host key that is not the one recorded at \`lab up\`: something else answers on its port`, `check who listens there (ss -ltnp 'sport = :${entry.port}'); \`${up}\` records the keys again once the node is really yours`, { cause: error });
    }
    throw new UnreachableError(
      `cannot reach ${entry.host} over SSH (${entry.hostName}:${entry.port}): ${(error as Error).message}`,
      `is the lab up? \`${lab ? labCommand(lab, 'status') : 'lab status'}\` tells; \`${up}\` starts or repairs the nodes`,
      { cause: error },
    );
  }
  return ssh;
}
