import { posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Action, Step } from '../scenario/model.js';
import type { StepResult } from './events.js';
import { matchExpectation } from './match.js';
import { shellQuote, type ExecResult, type Nodes } from './nodes.js';
import { takeFailedLines, withFailureReports } from './script.js';

/** A `wait` tries again after 0.1 s, then 0.2 s, 0.4 s… up to its interval. */
const FIRST_WAIT_PAUSE_MS = 100;

/** Waits `ms`; when `signal` aborts meanwhile, throws its reason (not timers' AbortError). */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
}

/** Runs one step, retrying as the step says, and judges it against its expectation. */
export async function runStep(step: Step, nodes: Nodes, signal?: AbortSignal): Promise<StepResult> {
  const started = Date.now();
  let attempts = 0;
  let first: StepResult['firstAttempt'];
  for (;;) {
    attempts += 1;
    const { exec, failed } = takeFailedLines(step.action.kind === 'run' ? step.action.command : '', await perform(step.action, step, nodes, signal));
    const verdict = matchExpectation(step.expect, exec);
    if (verdict.ok || attempts >= step.retry.attempts) {
      const firstAttempt = attempts > 1 ? first : undefined;
      return { ok: verdict.ok, command: displayCommand(step.action), exec, mismatches: verdict.mismatches, attempts, durationMs: Date.now() - started, firstAttempt, failedLines: failed };
    }
    first ??= { exec, mismatches: verdict.mismatches };
    await pause(step.retry.intervalMs, signal);
  }
}

async function perform(action: Action, step: Step, nodes: Nodes, signal?: AbortSignal): Promise<ExecResult> {
  const timeoutMs = step.timeoutMs;
  switch (action.kind) {
    case 'run':
      return nodes.exec(step.node, withFailureReports(action.command), { timeoutMs });
    case 'write':
      return nodes.exec(step.node, writeCommand(action.path, action.mode, action.sudo), { stdin: action.content, timeoutMs });
    case 'copy': {
      // base64 keeps the bytes exact (the transport trims trailing newlines).
      const read = await nodes.exec(action.from.node, `${action.sudo ? 'sudo ' : ''}base64 -w0 ${shellQuote(action.from.path)}`, { timeoutMs });
      if (read.code !== 0) return read;
      return nodes.exec(action.to.node, writeCommand(action.to.path, action.mode, action.sudo, 'base64 -d'), { stdin: read.stdout, timeoutMs });
    }
    case 'wait': {
      const started = Date.now();
      const deadline = started + action.timeoutMs;
      // What is awaited is often ready a moment after the step before (a container listening): the
      // first pauses are short, then double up to `interval`, so a wait costs little more than the
      // moment itself instead of a whole interval.
      let pauseMs = Math.min(FIRST_WAIT_PAUSE_MS, action.intervalMs);
      for (;;) {
        const r = await nodes.exec(step.node, action.command, { timeoutMs: Math.min(timeoutMs, action.timeoutMs) });
        if (r.code === 0) return r;
        if (Date.now() + pauseMs > deadline) return { ...r, gaveUpAfterMs: Date.now() - started };
        await pause(pauseMs, signal);
        pauseMs = Math.min(pauseMs * 2, action.intervalMs);
      }
    }
  }
}

/** Creates parent folders, writes stdin to `path`, then sets the mode. */
export function writeCommand(path: string, mode: string | undefined, sudo: boolean, filter = 'cat'): string {
  const q = shellQuote(path);
  const body = `mkdir -p "$(dirname ${q})" && ${filter} > ${q}${mode ? ` && chmod ${mode} ${q}` : ''}`;
  return sudo ? `sudo sh -c ${shellQuote(body)}` : body;
}

/** A shell word as a person would type it: quoted only when it has to be. */
function wordQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : shellQuote(s);
}

/** How a step reads in a transcript: the command, or the equivalent shell for a write or copy. */
export function displayCommand(a: Action): string {
  switch (a.kind) {
    case 'run':
      return a.command;
    case 'write': {
      const tee = `${a.sudo ? 'sudo ' : ''}tee ${a.path} >/dev/null`;
      return `${tee} <<'EOF'\n${a.content.replace(/\n$/, '')}\nEOF${a.mode ? `\n${a.sudo ? 'sudo ' : ''}chmod ${a.mode} ${a.path}` : ''}`;
    }
    case 'copy': {
      // What a person types on the host to do the same: through a local file, with `lab ssh`.
      const local = posix.basename(a.from.path);
      const sudo = a.sudo ? 'sudo ' : '';
      const to = wordQuote(a.to.path);
      const write = `${sudo}mkdir -p ${wordQuote(posix.dirname(a.to.path))} && ${sudo}tee ${to} >/dev/null${a.mode ? ` && ${sudo}chmod ${a.mode} ${to}` : ''}`;
      return `lab ssh ${a.from.node} -- ${sudo}cat ${wordQuote(a.from.path)} > ${wordQuote(local)}\nlab ssh ${a.to.node} -- ${shellQuote(write)} < ${wordQuote(local)}`;
    }
    case 'wait':
      return `until ${a.command}; do sleep ${a.intervalMs / 1000}; done`;
  }
}
