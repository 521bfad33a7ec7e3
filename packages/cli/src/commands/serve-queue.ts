import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ConfigError, loadConfig, loadDotenv } from '@agentbatch/core';
import { builtins } from '../builtins.js';
import { ExitCode } from '../exit-codes.js';

export interface WorkerFlags {
  queue?: string;
  concurrency?: number;
  name?: string;
}

/**
 * `agentbatch worker`: the API keys of every run's config are expanded from this process's
 * environment and the `.env` beside the given config (or in this folder). The first SIGTERM or
 * Ctrl-C takes no new task and finishes the running ones, then exits 0; a second one exits at once
 * (the tasks are taken over by another worker from their last checkpoint).
 */
export async function serveQueue(file: string | undefined, flags: WorkerFlags): Promise<number> {
  const env = { ...process.env };
  loadDotenv(file ? dirname(resolve(file)) : process.cwd(), env);
  const url = flags.queue ?? (file ? loadConfig(file, env).config.run.queue : undefined);
  if (!url) {
    throw new ConfigError(
      'agentbatch worker needs a queue: --queue redis://HOST:PORT[/DB], or a config whose run.queue names it',
    );
  }
  const name = flags.name ?? `${hostname()}-${process.pid}`;
  const log = (line: string) => process.stderr.write(`agentbatch worker ${name}: ${line}\n`);
  const concurrency = flags.concurrency ?? 1;
  // Loaded here, not at start-up: every other command starts without BullMQ.
  const { parseQueueUrl, startQueueWorker } = await import('@agentbatch/queue');
  const worker = await startQueueWorker({
    url: parseQueueUrl(url, flags.queue ? '--queue' : 'run.queue'),
    concurrency,
    name,
    env,
    providers: builtins.providers,
    log,
  });
  log(`serving ${url} with ${concurrency} task slot(s); stop with Ctrl-C or SIGTERM`);
  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`${signal} again: exiting now; other workers take the running tasks over from their last checkpoint`);
        process.exit(ExitCode.interrupted);
      }
      stopping = true;
      log(`${signal}: taking no new task, finishing the running ones (${signal} again to quit at once)`);
      resolveStop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await worker.close();
  log('stopped');
  return ExitCode.success;
}
