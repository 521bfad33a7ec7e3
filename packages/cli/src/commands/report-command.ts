import { resolve } from 'node:path';
import { createReporter, ReporterHub, readRunEvents, readRunResults } from '@agentbatch/core';
import type { Command } from 'commander';
import { builtins } from '../builtins.js';
import { repeatable } from '../parse-options.js';

/**
 * Renders reporters again from a finished run: its recorded events are replayed through each
 * reporter exactly as they happened, then the final results.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('render reporters again from a run folder (default: markdown → report.md)')
    .argument('<runDir>', 'a run folder, e.g. .agentbatch/runs/<runId>')
    .option('--reporter <name>', 'reporter to render (repeatable)', repeatable)
    .action(async (runDir: string, flags: { reporter?: string[] }) => {
      const dir = resolve(runDir);
      const results = readRunResults(dir);
      const events = readRunEvents(dir);
      for (const name of flags.reporter ?? ['markdown']) {
        const named = await createReporter(
          { name, options: {}, yamlPath: ['--reporter'] },
          {
            builtins: builtins.reporters,
            context: { configDir: process.cwd(), stdout: process.stdout, stderr: process.stderr },
            locate: () => ({ file: '--reporter' }),
          },
        );
        const hub = new ReporterHub([named]);
        await hub.replay(events, results);
        const failure = hub.failures[0];
        if (failure) throw failure.error;
      }
    });
}
