import { resolve } from 'node:path';
import type { Command } from 'commander';
import { repeatable } from '../parse-options.js';

/**
 * Renders reporters again from a finished run: its recorded events are replayed through each
 * reporter exactly as they happened, then the final results. Says which files each one wrote.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('render reporters again from a run folder (default: markdown → report.md)')
    .argument('<runDir>', 'a run folder, e.g. .agentbatch/runs/<runId>')
    .option('--reporter <name>', 'reporter to render (repeatable)', repeatable)
    .action(async (runDir: string, flags: { reporter?: string[] }) => {
      const [{ createReporter, ReporterHub, readRunEvents, readRunResults }, { builtins }] = await Promise.all([
        import('@agentbatch/core'),
        import('../builtins.js'),
      ]);
      const dir = resolve(runDir);
      const results = readRunResults(dir);
      const events = readRunEvents(dir);
      for (const name of flags.reporter ?? ['markdown']) {
        const written: string[] = [];
        const named = await createReporter(
          { name, options: {}, yamlPath: ['--reporter'] },
          {
            builtins: builtins.reporters,
            context: {
              configDir: process.cwd(),
              stdout: process.stdout,
              stderr: process.stderr,
              onFileWritten: (path) => written.push(path),
            },
            locate: () => ({ file: '--reporter' }),
          },
        );
        const hub = new ReporterHub([named]);
        // The folder as it is now: a run folder may have been moved or copied since it was recorded.
        await hub.replay(
          events.map((event) => (event.type === 'run-start' ? { ...event, runDir: dir } : event)),
          results,
        );
        const failure = hub.failures[0];
        if (failure) throw failure.error;
        for (const path of written) process.stdout.write(`Wrote ${path} (${name})\n`);
        // The console reporter prints; any other that wrote nothing would otherwise leave the user guessing.
        if (written.length === 0 && name !== 'console') process.stdout.write(`${name} wrote no file\n`);
      }
    });
}
