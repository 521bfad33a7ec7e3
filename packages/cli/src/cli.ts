import { Command, CommanderError } from 'commander';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerInitCommand } from './commands/init-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerRunsCommand } from './commands/runs-command.js';
import { registerSchemaCommand } from './commands/schema-command.js';
import { registerValidateCommand } from './commands/validate-command.js';
import { registerViewCommand } from './commands/view-command.js';
import { registerWorkerCommand } from './commands/worker-command.js';
import { ExitCode } from './exit-codes.js';
import { version } from './version.js';

/**
 * Runs the CLI and resolves to the process exit status. Commands load what they need (core,
 * providers, reporters) when they run, so `--help` and `--version` start as fast as commander.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.success;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command('agentbatch')
    .description('Run many AI coding tasks in parallel: a coder agent works, an evaluator agent checks, until done.')
    .version(version)
    .exitOverride()
    .showHelpAfterError('(run agentbatch --help for usage)');
  registerRunCommand(program, setExitCode);
  registerValidateCommand(program, setExitCode);
  registerInitCommand(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerRunsCommand(program);
  registerViewCommand(program);
  registerSchemaCommand(program);
  registerWorkerCommand(program, setExitCode);
  try {
    if (argv.length === 0 && process.stdin.isTTY && process.stdout.isTTY) {
      const { interactiveLauncher } = await import('./interactive-launcher.js');
      return await interactiveLauncher();
    }
    await program.parseAsync(argv.length ? argv : ['--help'], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Ctrl-C at a launcher prompt.
    if (error instanceof Error && error.name === 'ExitPromptError') return ExitCode.interrupted;
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return ExitCode.success;
      return ExitCode.usage;
    }
    const { reportFailure } = await import('./user-error.js');
    return reportFailure(error, process.stderr);
  }
}
