import { createWriteStream, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import pLimit from 'p-limit';
import { color } from 'listr2';
import { EnvironmentError, ExitCode, ExpectationError } from '../../errors.js';
import { classDir, type Roster, type Student } from '../../nodes/lab/roster.js';
import { projectRoot } from '../../paths.js';

/**
 * `lab class <verb>`: the same `lab` command once per student's lab, each in its own process
 * (its own lock, its own SSH connections, its own log), at most `parallel` at a time. One
 * summary line per lab as each finishes; the full output stays in the class's logs folder.
 */
export interface LabOutcome {
  student: Student;
  exitCode: number;
  seconds: number;
  /** The command's last word: its closing line, or its error. */
  line: string;
  log: string;
}

/** Labs at once by default: the host's cores (Vagrant's Ruby start-up is CPU-bound), at least 2. */
export const defaultParallel = () => Math.max(2, availableParallelism());

export async function fanOut(roster: Roster, students: Student[], verb: string, args: (s: Student) => string[], parallel = defaultParallel()): Promise<LabOutcome[]> {
  const logs = join(classDir(roster.name), 'logs');
  mkdirSync(logs, { recursive: true });
  const limit = pLimit(Math.max(1, parallel));
  const width = Math.max(...students.map((s) => s.name.length), 4);
  return Promise.all(
    students.map((student) =>
      limit(async () => {
        const log = join(logs, `${student.name.replace(/[^\w.-]/g, '_')}.${verb}.log`);
        const out = createWriteStream(log);
        const started = Date.now();
        const child = execa(process.execPath, [join(projectRoot, 'bin/lab.js'), '--lab', student.lab, ...args(student)], { reject: false, all: true, env: { LAB_ID: undefined } });
        child.all?.pipe(out);
        const r = await child;
        await new Promise((resolve) => out.end(resolve));
        const lines = String(r.all ?? '').trim().split('\n');
        const error = lines.filter((l) => l.startsWith('lab: ')).pop();
        const outcome: LabOutcome = { student, exitCode: r.exitCode ?? 1, seconds: (Date.now() - started) / 1000, line: (error ?? lines.pop() ?? '').replace(/^lab: /, ''), log };
        const mark = outcome.exitCode === 0 ? color.green('✔') : color.red('✘');
        process.stdout.write(`${mark} ${student.name.padEnd(width)}  ${student.lab.padEnd(width + roster.name.length + 1)}  ${verb} ${outcome.seconds.toFixed(1)}s — ${outcome.line}\n`);
        return outcome;
      }),
    ),
  );
}

/** One count line, then an error carrying the most serious exit code when some lab failed. */
export function concludeFanOut(verb: string, outcomes: LabOutcome[]): void {
  const failed = outcomes.filter((o) => o.exitCode !== 0);
  process.stdout.write(`class ${verb}: Count: ${outcomes.length} labs, Failed: ${failed.length}\n`);
  if (failed.length === 0) return;
  const message = `${verb} failed in ${failed.length} of ${outcomes.length} labs: ${failed.map((o) => o.student.name).join(', ')}`;
  const hint = `each lab's output: ${failed[0]!.log}${failed.length > 1 ? ' (and beside it)' : ''}`;
  if (failed.some((o) => o.exitCode !== ExitCode.expectationFailed)) throw new EnvironmentError(message, hint);
  throw new ExpectationError(message, hint);
}
