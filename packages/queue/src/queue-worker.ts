import { InProcessExecutor, type TaskDefinition, type TaskResult, type TaskResumePoint } from '@agentbatch/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis } from './connect-redis.js';
import { loadQueuedRun, type ProviderBuiltins, type QueuedRun } from './load-queued-run.js';
import { RedisTaskChannel } from './redis-task-channel.js';
import { cancelChannel, queueName, type RunKeys, runKeys } from './run-keys.js';
import type { RunSpec } from './run-spec.js';
import { messageField, type StreamMessage } from './stream-message.js';
import { takeOverPoint } from './take-over-point.js';

/** A job: one task of one run. */
export interface TaskJob {
  runId: string;
  task: TaskDefinition;
  /** Where the task picks up when its run was resumed (from the producer's run folder). */
  resume: TaskResumePoint | undefined;
}

export interface QueueWorkerOptions {
  url: string;
  /** Tasks at once in this worker. */
  concurrency: number;
  /** Stamped on every event this worker sends. */
  name: string;
  /** This worker's environment: the `${VAR}`s of every run's config are expanded from it. */
  env: NodeJS.ProcessEnv;
  providers: ProviderBuiltins;
  /** How long a job's lock lasts without renewal: after a worker dies, another takes its tasks over then. */
  lockDurationMs?: number;
  log(line: string): void;
}

export interface QueueWorker {
  /** Takes no new task; resolves once the running ones have ended. */
  close(): Promise<void>;
}

const DEFAULT_LOCK_MS = 10_000;
/** Runs kept loaded; a worker that serves run after run does not grow. */
const KEPT_RUNS = 8;

/**
 * Serves every run on the queue until closed: takes a task, builds its run from the spec the
 * producer left in Redis (once per run), executes it in this process and sends everything to the
 * producer through the run's stream. A task whose worker died is taken over from its checkpoint.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const redis = await connectRedis(options.url);
  const subscriber = redis.duplicate();
  const runs = new Map<string, Promise<QueuedRun>>();
  const running = new Map<string, Set<AbortController>>();
  subscriber.on('message', (_channel: string, runId: string) => {
    for (const controller of running.get(runId) ?? []) controller.abort(new Error('the run was interrupted'));
  });
  await subscriber.subscribe(cancelChannel);

  const runOf = (runId: string, keys: RunKeys): Promise<QueuedRun> => {
    let run = runs.get(runId);
    if (!run) {
      run = loadRun(redis, runId, keys, options);
      run.catch(() => runs.delete(runId));
      runs.set(runId, run);
      for (const old of runs.keys()) if (runs.size > KEPT_RUNS) runs.delete(old);
    }
    return run;
  };

  const processTask = async (job: Job<TaskJob>): Promise<string> => {
    const { runId, task, resume } = job.data;
    const keys = runKeys(runId);
    const channel = new RedisTaskChannel(redis, keys, options.name);
    const kept = await redis.get(keys.result(task.id));
    if (kept) {
      // The task ended, but its worker died before the queue heard it: send the result again.
      await channel.finish(JSON.parse(kept) as TaskResult);
      return 'kept';
    }
    let run: QueuedRun;
    try {
      run = await runOf(runId, keys);
    } catch (error) {
      const message = `worker ${options.name} cannot run it: ${error instanceof Error ? error.message : String(error)}`;
      options.log(`${task.id}: ${message}`);
      const failed: StreamMessage = { kind: 'job-failed', taskId: task.id, message };
      await redis.xadd(keys.stream, '*', messageField, JSON.stringify(failed));
      throw new UnrecoverableError(message);
    }
    const controller = new AbortController();
    const tasks = running.get(runId) ?? new Set();
    running.set(runId, tasks.add(controller));
    try {
      if (await redis.exists(keys.cancelled)) controller.abort(new Error('the run was interrupted'));
      const point = await takeOverPoint(redis, keys, run.ledger, task.id, resume);
      options.log(`${task.id}: started${job.attemptsStarted > 1 ? ' (taken over)' : ''}`);
      const executor = new InProcessExecutor({ ...run.settings, store: channel });
      const result = await executor.execute(task, point, channel, controller.signal);
      await channel.finish(result);
      options.log(`${task.id}: ${result.status} after ${result.iterations} iteration(s)`);
      return result.status;
    } finally {
      tasks.delete(controller);
      if (tasks.size === 0) running.delete(runId);
    }
  };

  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_MS;
  const worker = new Worker<TaskJob, string>(queueName, processTask, {
    connection: { url: options.url, maxRetriesPerRequest: null },
    concurrency: options.concurrency,
    name: options.name,
    lockDuration,
    stalledInterval: lockDuration / 2,
    maxStalledCount: 10,
  });
  worker.on('error', (error) => options.log(`queue error: ${error.message}`));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await subscriber.quit().catch(() => undefined);
      await redis.quit().catch(() => undefined);
    },
  };
}

async function loadRun(redis: Redis, runId: string, keys: RunKeys, options: QueueWorkerOptions): Promise<QueuedRun> {
  const text = await redis.get(keys.spec);
  if (!text) throw new Error(`run ${runId} is no longer on the queue`);
  return loadQueuedRun(JSON.parse(text) as RunSpec, redis, keys, options.providers, options.env, options.concurrency);
}
