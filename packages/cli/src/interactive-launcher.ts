import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { listRuns } from '@agentbatch/core';
import { confirm, input, select } from '@inquirer/prompts';
import { findAndLoadConfig } from './find-config.js';
import { batchFiles, type LastRunAction, lastRunChoices } from './launcher-choices.js';
import { runBatchCommand } from './run-batch-command.js';

/**
 * `agentbatch` alone in a terminal: the original system's `node run.js` launcher. It offers the
 * batches in this folder (and, when the last run did not pass, to retry or continue it), asks for the
 * concurrency and iteration limit, and runs.
 */
export async function interactiveLauncher(): Promise<number> {
  const found = batchFiles('.');
  const file =
    found.length === 0
      ? await input({
          message: 'Config or task file to run (agentbatch.yaml or task.json):',
          validate: (value) => existsSync(value) || 'no such file',
        })
      : found.length === 1
        ? found[0]
        : await select({ message: 'Which batch?', choices: found.map((name) => ({ name, value: name })) });
  const loaded = findAndLoadConfig(file);
  if (found.length === 1) process.stdout.write(`Batch: ${file}\n`);
  const outDir = resolve(loaded.dir, loaded.config.run.outDir);
  const last = listRuns(outDir).at(-1)?.results;
  let mode: LastRunAction = 'new';
  if (last && last.status !== 'passed') mode = await select(lastRunChoices(last));
  const concurrency = Number(
    await input({
      message: 'Tasks at once (concurrency):',
      default: String(loaded.config.run.concurrency),
      validate: (value) => (Number.isInteger(Number(value)) && Number(value) > 0) || 'a whole number of 1 or more',
    }),
  );
  const maxIterations = Number(
    await input({
      message: 'Coder/evaluator rounds per task at most:',
      default: String(loaded.config.run.maxIterations),
      validate: (value) => (Number.isInteger(Number(value)) && Number(value) > 0) || 'a whole number of 1 or more',
    }),
  );
  if (!(await confirm({ message: `Run ${file} now?`, default: true }))) return 0;
  return runBatchCommand(file, {
    concurrency,
    maxIterations,
    ...(mode === 'resume' && { resume: true }),
    ...(mode === 'retry-failed' && { retryFailed: true }),
  });
}
