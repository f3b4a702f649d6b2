import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod/mini'; // the light build: every command reads state files
import { LabBusyError } from '../../errors.js';

/**
 * One writer per lab (and per host-wide job): a lock file created with O_EXCL that names its
 * holder. A second writer waits a short time, then refuses naming the holder. A holder that died
 * (Ctrl-C twice, kill -9, a crash) leaves a file whose pid is gone: it is taken over, not obeyed.
 * Locks are re-entrant within one process (`lab run` calls `lab up`'s code under the same lock).
 */
const Holder = z.object({ pid: z.int(), host: z.string(), command: z.string(), since: z.string() });
export type LockHolder = z.infer<typeof Holder>;

const held = new Map<string, number>();
process.on('exit', () => {
  for (const file of held.keys()) rmSync(file, { force: true });
});

export interface LockOptions {
  /** What holds it, as the user typed it (shown to whoever waits). */
  command: string;
  /** How long to wait for the holder before refusing (default LAB_LOCK_WAIT seconds, else 10 s). */
  waitMs?: number;
  /** What the lock protects, for messages: `lab "s01"`. */
  what: string;
}

export function defaultLockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = env.LAB_LOCK_WAIT ? Number(env.LAB_LOCK_WAIT) : NaN;
  return seconds >= 0 ? seconds * 1000 : 10_000;
}

export async function acquireLock(file: string, options: LockOptions): Promise<() => void> {
  const depth = held.get(file);
  if (depth !== undefined) {
    held.set(file, depth + 1);
    return () => release(file);
  }
  mkdirSync(dirname(file), { recursive: true });
  const deadline = Date.now() + (options.waitMs ?? defaultLockWaitMs());
  for (;;) {
    if (tryCreate(file, options.command)) {
      held.set(file, 1);
      return () => release(file);
    }
    const holder = readHolder(file);
    if (holder === 'stale') {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw new LabBusyError(options.what, holder);
    await sleep(200);
  }
}

/** Runs `fn` holding the lock; releases it however `fn` ends. */
export async function withLock<T>(file: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
  const release = await acquireLock(file, options);
  try {
    return await fn();
  } finally {
    release();
  }
}

/** Who holds the lock now (undefined: nobody, or a dead process). */
export function lockHolder(file: string): LockHolder | undefined {
  const h = readHolder(file);
  return h === 'stale' || h === 'unknown' ? undefined : h;
}

function tryCreate(file: string, command: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  writeSync(fd, JSON.stringify(holder));
  closeSync(fd);
  return true;
}

function readHolder(file: string): LockHolder | 'stale' | 'unknown' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 'stale'; // gone between our open and our read: try again
  }
  const parsed = Holder.safeParse(safeJson(text));
  if (!parsed.success) {
    // Being written right now, or garbage: garbage older than a few seconds is stale.
    const age = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    return age > 5_000 ? 'stale' : 'unknown';
  }
  const h = parsed.data;
  if (h.host === hostname() && !alive(h.pid)) return 'stale';
  return h;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function release(file: string): void {
  const depth = held.get(file) ?? 0;
  if (depth > 1) {
    held.set(file, depth - 1);
    return;
  }
  held.delete(file);
  rmSync(file, { force: true });
}
