/**
 * The one family of user-facing errors. Each carries the exit code it maps to and a hint of what
 * to do next; the CLI prints `message` and `hint`, and the stack only with --debug.
 */
export const ExitCode = {
  ok: 0,
  expectationFailed: 1,
  badInput: 2,
  environment: 3,
  /** A bug in lab itself (EX_SOFTWARE): never confused with a failed expectation. */
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class LabError extends Error {
  abstract readonly exitCode: ExitCode;
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad arguments, an unknown node or scenario name. */
export class UsageError extends LabError {
  readonly exitCode = ExitCode.badInput;
}

/** One located problem in a scenario file. */
export interface ScenarioIssue {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** A scenario that does not parse or validate; every problem is located as file:line:col. */
export class ScenarioError extends LabError {
  readonly exitCode = ExitCode.badInput;
  constructor(readonly issues: ScenarioIssue[], hint?: string) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`).join('\n'), hint);
  }
}

/** The machine is not ready: Docker or Vagrant missing, a node down, the lab not up. */
export class EnvironmentError extends LabError {
  readonly exitCode = ExitCode.environment;
}

/** A state file (lab.json, baseline.json…) that does not parse: named, and rebuilt by `lab up`. */
export class StateError extends EnvironmentError {
  constructor(readonly file: string, reason: string) {
    super(`state file ${file} is damaged (${reason})`, 'run `lab up` to rebuild it (or delete the file)');
  }
}

/** A node's SSH did not answer a connection: whether the node itself is down is looked at before reporting. */
export class UnreachableError extends EnvironmentError {}

/** Another `lab` command holds the lab (or a host-wide job) and did not let go in time. */
export class LabBusyError extends EnvironmentError {
  constructor(what: string, holder: { pid: number; command: string; since: string } | 'unknown') {
    super(
      holder === 'unknown'
        ? `${what} is busy: another lab command is starting on it`
        : `${what} is busy: \`${holder.command}\` (pid ${holder.pid}) has held it since ${holder.since.slice(11, 19)} UTC`,
      'wait for it to finish (or stop it); `lab down --force` takes a lab down anyway',
    );
  }
}

/** A step, check or self-test did not behave as the scenario says. */
export class ExpectationError extends LabError {
  readonly exitCode = ExitCode.expectationFailed;
}

/** Ctrl-C, or `q` in presenter mode. */
export class InterruptedError extends LabError {
  readonly exitCode = ExitCode.interrupted;
}

/** What an exit status usually means, for messages about failed commands (after zx). */
export function exitCodeMeaning(code: number | null, signal?: string | null): string {
  if (signal) return `killed by ${signal}`;
  switch (code) {
    case 0: return 'success';
    case 1: return 'general error';
    case 2: return 'misuse of a shell builtin';
    case 124: return 'timed out';
    case 125: return 'docker run could not start the container';
    case 126: return 'command not executable';
    case 127: return 'command not found';
    case 130: return 'interrupted (SIGINT)';
    case 137: return 'killed (SIGKILL, often out of memory)';
    case 143: return 'terminated (SIGTERM)';
    case 255: return 'ssh failed or the remote command exited 255';
    default: return code === null ? 'no exit status' : 'command failed';
  }
}
