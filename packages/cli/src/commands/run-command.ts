import type { Command } from 'commander';
import { idList, positiveInteger, repeatable } from '../parse-options.js';
import type { RunFlags } from '../run-batch-command.js';

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
    .option(
      '--queue <url>',
      'run the tasks on the workers of this Redis queue, redis://HOST:PORT[/DB] (see agentbatch worker)',
    )
    .option('--dry-run', 'check the config, tasks and plugins, list the tasks, call no model')
    .action(async (file: string | undefined, flags: RunFlags) => {
      const { runBatchCommand } = await import('../run-batch-command.js');
      setExitCode(await runBatchCommand(file, flags));
    });
}
