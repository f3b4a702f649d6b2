import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ExitCode, LabError } from '../errors.js';
import { registerCommands } from './commands/index.js';
import { checkEnvironment } from '../nodes/lab/names.js';
import { projectRoot } from '../paths.js';
import { foldReportArgs } from '../report/formats.js';
import { installInterruptHandlers } from './interrupt.js';
import { chooseLang } from './lang.js';
import { selectLab } from './lab-flag.js';

const packageVersion = () => (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Parses arguments, runs one command, maps what it threw to an exit code. Returns the code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('lab')
    .description('A real two-node lab for the workshop "Sécuriser un registry open source".')
    .version(packageVersion(), '-V, --version', 'print the version of lab')
    .option('--debug', 'show stack traces')
    .option('--lab <id>', 'the lab to act on (default: $LAB_ID, else the default lab)')
    .option('--lang <lang>', 'language of the scenarios\' texts: fr or en (default: from LANG)')
    .showHelpAfterError('(lab --help lists the commands)')
    .exitOverride()
    .hook('preAction', (_program, action) => {
      checkEnvironment();
      chooseLang(program.opts<{ lang?: string }>().lang);
      selectLab(action.optsWithGlobals<{ lab?: string }>().lab);
    });
  await registerCommands(program, argv);
  const debug = argv.includes('--debug');
  // `lab list | head`: a closed pipe ends the output quietly, as for any Unix tool.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  installInterruptHandlers();
  let code: number = ExitCode.ok;
  try {
    await program.parseAsync(foldReportArgs(argv));
    code = (process.exitCode as number | undefined) ?? ExitCode.ok;
  } catch (error) {
    // A failure while a node was down is the node's: lab-session looks (loaded only on failures).
    code = report(error instanceof LabError ? await (await import('./lab-session.js')).environmentBehind(error) : error, debug);
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
  process.stderr.write(`lab: internal error (a bug in lab): ${(error as Error)?.message ?? String(error)}\n`);
  process.stderr.write(debug ? `${(error as Error)?.stack}\n` : 'hint: run the same command again with --debug for the stack trace, and report it\n');
  return ExitCode.internal;
}
