import type { ExecResult, OutputChunk } from './nodes.js';

/**
 * A multi-line `run` is a bash script: every line runs, and the step's exit status is its last
 * line's (as `bash -c` does). So that an earlier failing line is not masked, the script reports
 * every command that fails outside a condition (bash's ERR trap: not in `if`, `while`, `&&`, `||`),
 * and the engine moves those reports out of stderr into the step's result, where reporters show them.
 */
const MARK = '@@lab:failed-line@@';
const REPORT = new RegExp(`^${MARK} (\\d+) (\\d+) (.*)\\n?`, 'gm');

export interface FailedLine {
  /** 1-based line of the script (the last line of a command continued with `\`). */
  line: number;
  code: number;
  command: string;
  /** The script ended there (`set -e`, `exit`), with that line's status; otherwise it went on. */
  ended: boolean;
}

export function isScript(command: string): boolean {
  return command.replace(/\n+$/, '').includes('\n');
}

/** The command as sent to the node: a script gets the ERR trap on a line of its own before it. */
export function withFailureReports(command: string): string {
  if (!isScript(command)) return command;
  return `trap 'printf "${MARK} %s %s %s\\n" "$?" "$((LINENO-1))" "$BASH_COMMAND" >&2' ERR\n${command}`;
}

/** Moves the reports out of stderr; keeps those of lines before the script's last (its own status says the rest). */
export function takeFailedLines(command: string, exec: ExecResult): { exec: ExecResult; failed: FailedLine[] } {
  if (!isScript(command)) return { exec, failed: [] };
  const lastLine = command.replace(/\n+$/, '').split('\n').length;
  const reports: FailedLine[] = [];
  const stderr = exec.stderr.replace(REPORT, (_m, code: string, line: string, cmd: string) => {
    reports.push({ line: Number(line), code: Number(code), command: cmd, ended: false });
    return '';
  });
  // The last report, before the last line, with the script's own status: the script ended there (set -e).
  const final = reports.at(-1);
  if (final && final.line < lastLine && exec.code !== 0 && exec.code === final.code) final.ended = true;
  const failed = reports.filter((r) => r.line < lastLine);
  const chunks: OutputChunk[] | undefined = exec.chunks
    ?.map((c) => (c.stream === 'stderr' ? { ...c, text: c.text.replace(REPORT, '') } : c))
    .filter((c) => c.text.length > 0);
  return { exec: { ...exec, stderr: stderr.replace(/\n+$/, ''), chunks }, failed };
}
