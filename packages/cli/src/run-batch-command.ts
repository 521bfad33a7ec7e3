import { ConfigError, executeRun, type PreparedRun, prepareRun } from '@agentbatch/core';
import { builtins } from './builtins.js';
import { ExitCode } from './exit-codes.js';
import { findAndLoadConfig } from './find-config.js';
import { interruptOnSignals } from './interrupt.js';

export interface RunFlags {
  concurrency?: number;
  maxIterations?: number;
  outDir?: string;
  only?: string[];
  reporter?: string[];
  dryRun?: boolean;
  resume?: string | boolean;
  retryFailed?: string | boolean;
  queue?: string;
}

/** Task error codes that mean a provider is set up wrong (its key, its base URL), not that a task failed. */
const providerSetupCodes = new Set(['provider-auth', 'provider-unreachable', 'provider-invalid-response']);

/** `agentbatch run`, shared by the command line and the interactive launcher; resolves to the exit status. */
export async function runBatchCommand(file: string | undefined, flags: RunFlags): Promise<number> {
  if (flags.resume && flags.retryFailed) throw new ConfigError('use either --resume or --retry-failed, not both');
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
    process.stdout.write(describeRun(prepared));
    return ExitCode.success;
  }
  const resumeFlag = flags.resume ?? flags.retryFailed;
  const resume =
    resumeFlag === undefined
      ? undefined
      : {
          mode: flags.resume ? ('resume' as const) : ('retry-failed' as const),
          run: typeof resumeFlag === 'string' ? resumeFlag : undefined,
        };
  const queueUrl = flags.queue ?? prepared.config.run.queue;
  // Connected before anything of the run is written: a queue that cannot be used is a clear error.
  const backend = queueUrl ? await queueBackend(queueUrl, flags.queue ? '--queue' : 'run.queue') : undefined;
  const interrupt = interruptOnSignals(process.stderr);
  try {
    const outcome = await executeRun(prepared, {
      signal: interrupt.signal,
      ...(resume && { resume }),
      ...(backend && { backend }),
    });
    for (const failure of outcome.reporterFailures) {
      const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
      process.stderr.write(`agentbatch: reporter "${failure.name}" failed in ${failure.hook}: ${message}\n`);
    }
    const { status, runId } = outcome.results;
    if (status === 'interrupted') {
      const configArg = file ? `${file} ` : '';
      process.stderr.write(`agentbatch: interrupted; continue it with: agentbatch run ${configArg}--resume ${runId}\n`);
      return ExitCode.interrupted;
    }
    if (status === 'passed') return ExitCode.success;
    const providerSetupErrors = new Set(
      outcome.results.tasks.flatMap((task) =>
        task.error && providerSetupCodes.has(task.error.code) ? [task.error.message] : [],
      ),
    );
    // A rejected key or a base URL that leads to no API stopped its provider: say it once, as a config error.
    for (const message of providerSetupErrors) process.stderr.write(`agentbatch: ${message}\n`);
    return providerSetupErrors.size ? ExitCode.usage : ExitCode.incomplete;
  } finally {
    interrupt.dispose();
  }
}

/** BullMQ and its Redis client load only for a queue run: a local run starts without them. */
async function queueBackend(url: string, where: string) {
  const { connectQueueBackend, parseQueueUrl } = await import('@agentbatch/queue');
  return connectQueueBackend(parseQueueUrl(url, where), (line) => process.stderr.write(`agentbatch: ${line}\n`));
}

function describeRun(prepared: PreparedRun): string {
  const { coder, evaluator } = prepared.agents;
  const { run } = prepared.config;
  return (
    `${prepared.tasks.length} task(s), concurrency ${run.concurrency}, up to ${run.maxIterations} iteration(s) each\n` +
    `coder: ${coder.client.name} ${coder.model.modelId}; evaluator: ${evaluator.client.name} ${evaluator.model.modelId}\n` +
    `pipeline: ${prepared.stages.map((stage) => stage.name).join(' → ')}\n` +
    prepared.tasks.map((task) => `  ${task.id}  ${task.dir}\n      ${task.prompt.split('\n')[0]}\n`).join('')
  );
}
