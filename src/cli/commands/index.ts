import type { Command } from 'commander';
import { useScenarioDirs } from '../../scenario/catalog.js';
import { summaries, type CommandName } from './summaries.js';

type Register = (program: Command) => void;

/**
 * Every command lives in its own file; this is their table of contents. Only the command being run
 * is loaded (its dependencies with it): `lab --help` loads none, `lab list` no SSH or Docker code.
 */
const commands: Record<CommandName, () => Promise<Register>> = {
  up: async () => (await import('./up.js')).registerUp,
  status: async () => (await import('./status.js')).registerStatus,
  ssh: async () => (await import('./ssh.js')).registerSsh,
  down: async () => (await import('./down.js')).registerDown,
  env: async () => (await import('./env.js')).registerEnv,
  doctor: async () => (await import('./doctor.js')).registerDoctor,
  diagnose: async () => (await import('./diagnose.js')).registerDiagnose,
  images: async () => (await import('./images.js')).registerImages,
  list: async () => (await import('./list.js')).registerList,
  run: async () => (await import('./run.js')).registerRun,
  reset: async () => (await import('./reset.js')).registerReset,
  check: async () => (await import('./check.js')).registerCheck,
  hint: async () => (await import('./hint.js')).registerHint,
  solve: async () => (await import('./solve.js')).registerSolve,
  test: async () => (await import('./test.js')).registerTest,
  schema: async () => (await import('./schema.js')).registerSchema,
  new: async () => (await import('./new.js')).registerNew,
  lint: async () => (await import('./lint.js')).registerLint,
  class: async () => (await import('./class/index.js')).registerClass,
};

/** The command named on the command line (after global options; `help X` names X), if any. */
export function invokedCommand(argv: string[]): CommandName | undefined {
  const words = argv.slice(2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--lab' || w === '--scenarios') i++;
    else if (w === 'help') continue;
    else if (!w.startsWith('-')) return w in commands ? (w as CommandName) : undefined;
  }
  return undefined;
}

export async function registerCommands(program: Command, argv: string[]): Promise<void> {
  const wanted = invokedCommand(argv);
  for (const name of Object.keys(commands) as CommandName[]) {
    if (name === wanted) (await commands[name]())(program);
    else program.command(name).description(summaries[name]); // listed in --help, loaded only when run
  }
  // A trainer's own scenarios, found by name by every command (before LAB_SCENARIOS and the shipped ones).
  program.option('--scenarios <dir>', 'also find scenarios by name in DIR (repeatable; also LAB_SCENARIOS=DIR:DIR)', (d: string, all: string[] = []) => [...all, d]);
  program.hook('preAction', () => useScenarioDirs(program.opts<{ scenarios?: string[] }>().scenarios ?? []));
}
