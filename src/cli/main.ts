import { Command, CommanderError } from 'commander';
import { ExitCode, LabError } from '../errors.js';
import { registerCommands } from './commands/index.js';
import { chooseLang } from './lang.js';

/** Parses arguments, runs one command, maps what it threw to an exit code. Returns the code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('lab')
    .description('A real two-node lab for the workshop "Sécuriser un registry open source".')
    .option('--debug', 'show stack traces')
    .option('--lang <lang>', 'language of the scenarios\' texts: fr or en (default: from LANG)')
    .showHelpAfterError('(lab --help lists the commands)')
    .exitOverride();
  registerCommands(program);
  program.hook('preAction', () => chooseLang(program.opts<{ lang?: string }>().lang));
  const debug = argv.includes('--debug');
  // `lab list | head`: a closed pipe ends the output quietly, as for any Unix tool.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  process.once('SIGINT', () => {
    process.stderr.write('\nlab: interrupted\n');
    process.exit(ExitCode.interrupted);
  });
  let code: number = ExitCode.ok;
  try {
    await program.parseAsync(argv);
    code = (process.exitCode as number | undefined) ?? ExitCode.ok;
  } catch (error) {
    code = report(error, debug);
  }
  return code;
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    return ExitCode.badInput; // commander already printed the message
  }
  if (error instanceof LabError) {
    process.stderr.write(`lab: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    if (debug) process.stderr.write(`${error.stack}\n${error.cause ? `cause: ${(error.cause as Error).stack ?? String(error.cause)}\n` : ''}`);
    return error.exitCode;
  }
  process.stderr.write(`lab: internal error: ${(error as Error)?.message ?? String(error)}\n`);
  process.stderr.write(debug ? `${(error as Error)?.stack}\n` : 'hint: run again with --debug for the stack trace, and report it\n');
  return ExitCode.expectationFailed;
}
