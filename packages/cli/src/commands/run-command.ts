import { ConfigError, executeRun, prepareRun } from '@agentbatch/core';
import type { Command } from 'commander';
import { builtins } from '../builtins.js';
import { ExitCode } from '../exit-codes.js';
import { findAndLoadConfig } from '../find-config.js';
import { interruptOnSignals } from '../interrupt.js';
import { idList, positiveInteger, repeatable } from '../parse-options.js';

interface RunFlags {
  concurrency?: number;
  maxIterations?: number;
  outDir?: string;
  only?: string[];
  reporter?: string[];
  dryRun?: boolean;
  resume?: string | boolean;
  retryFailed?: string | boolean;
}

export function registerRunCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('run a batch: agentbatch.yaml, or a task.json with the original environment variables')
    .argument('[config]', 'agentbatch.yaml or task.json (default: the one in this folder)')
    .option('-c, --concurrency <n>', 'tasks at once', positiveInteger)
    .option('--max-iterations <n>', 'coder/evaluator rounds per task', positiveInteger)
    .option('--out-dir <dir>', 'where run folders go (default .agentbatch/runs beside the config)')
    .option('--only <ids>', 'run only these task ids (comma-separated, repeatable)', idList)
    .option('--reporter <name>', 'use this reporter instead of the configured ones (repeatable)', repeatable)
    .option('--resume [run]', 'continue an interrupted run (default: the latest run of this config)')
    .option('--retry-failed [run]', 'run again the tasks of a run that did not complete (default: the latest run)')
    .option('--dry-run', 'check the config, tasks and plugins, list the tasks, call no model')
    .action(async (file: string | undefined, flags: RunFlags) => {
      const loaded = findAndLoadConfig(file);
      const prepared = await prepareRun(
        loaded,
        builtins,
        {
          ...(flags.concurrency !== undefined && { concurrency: flags.concurrency }),
          ...(flags.maxIterations !== undefined && { maxIterations: flags.maxIterations }),
          ...(flags.outDir !== undefined && { outDir: flags.outDir }),
          ...(flags.only && { only: flags.only }),
          ...(flags.reporter && { reporters: flags.reporter }),
        },
        { stdout: process.stdout, stderr: process.stderr },
      );
      if (flags.dryRun) {
        const { coder, evaluator } = prepared.agents;
        process.stdout.write(
          `${prepared.tasks.length} task(s), concurrency ${prepared.config.run.concurrency}, up to ${prepared.config.run.maxIterations} iteration(s) each\n` +
            `coder: ${coder.client.name} ${coder.model.modelId}; evaluator: ${evaluator.client.name} ${evaluator.model.modelId}\n` +
            `pipeline: ${prepared.stages.map((stage) => stage.name).join(' → ')}\n` +
            prepared.tasks.map((task) => `  ${task.id}  ${task.dir}\n      ${task.prompt.split('\n')[0]}\n`).join(''),
        );
        setExitCode(ExitCode.success);
        return;
      }
      if (flags.resume && flags.retryFailed) throw new ConfigError('use either --resume or --retry-failed, not both');
      const resumeFlag = flags.resume ?? flags.retryFailed;
      const resume =
        resumeFlag === undefined
          ? undefined
          : {
              mode: flags.resume ? ('resume' as const) : ('retry-failed' as const),
              run: typeof resumeFlag === 'string' ? resumeFlag : undefined,
            };
      const interrupt = interruptOnSignals(process.stderr);
      try {
        const outcome = await executeRun(prepared, { signal: interrupt.signal, ...(resume && { resume }) });
        for (const failure of outcome.reporterFailures) {
          const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
          process.stderr.write(`agentbatch: reporter "${failure.name}" failed in ${failure.hook}: ${message}\n`);
        }
        const { status, runId } = outcome.results;
        if (status === 'interrupted') {
          const configArg = file ? `${file} ` : '';
          process.stderr.write(
            `agentbatch: interrupted; continue it with: agentbatch run ${configArg}--resume ${runId}\n`,
          );
        }
        setExitCode(
          status === 'passed'
            ? ExitCode.success
            : status === 'interrupted'
              ? ExitCode.interrupted
              : ExitCode.incomplete,
        );
      } finally {
        interrupt.dispose();
      }
    });
}
