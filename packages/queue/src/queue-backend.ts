import { readFileSync } from 'node:fs';
import type { OpenedRun, RunBackend, TaskExecutor } from '@agentbatch/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { connectRedis } from './connect-redis.js';
import { QueueExecutor } from './queue-executor.js';
import type { TaskJob } from './queue-worker.js';
import { RedisBudgetLedger } from './redis-budget-ledger.js';
import { RunFollower } from './run-follower.js';
import { cancelChannel, queueName, type RunKeys, runKeys } from './run-keys.js';
import type { RunSpec } from './run-spec.js';

/**
 * The producer's side of a queue run: `agentbatch run --queue`. Connects (a clear error if Redis
 * cannot be used), so call it before anything of the run is written.
 */
export async function connectQueueBackend(url: string, log: (line: string) => void): Promise<RunBackend> {
  return new QueueBackend(url, await connectRedis(url), log);
}

class QueueBackend implements RunBackend {
  private opened: { keys: RunKeys; follower: RunFollower; reader: Redis; queue: Queue<TaskJob> } | undefined;

  constructor(
    private readonly url: string,
    private readonly redis: Redis,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Leaves the run's spec for the workers, starts its ledger from what earlier sessions spent,
   * follows its stream, and on Ctrl-C tells every worker to cancel its tasks.
   */
  async open({ prepared, runId, runDir, store, spentBefore, signal }: OpenedRun): Promise<TaskExecutor> {
    const keys = runKeys(runId);
    // A resumed run starts afresh here: what its earlier sessions left is in the run folder.
    await deleteKeys(this.redis, keys.pattern);
    const configPath = prepared.loaded.path;
    const spec: RunSpec = {
      specVersion: 1,
      runId,
      runDir,
      configPath,
      ...(!configPath.endsWith('.json') && { configText: readFileSync(configPath, 'utf8') }),
      maxIterations: prepared.config.run.maxIterations,
    };
    await this.redis.set(keys.spec, JSON.stringify(spec));
    await new RedisBudgetLedger(this.redis, keys).reset(spentBefore);
    const reader = this.redis.duplicate();
    reader.on('error', () => undefined);
    const follower = new RunFollower(reader, keys, store, this.log);
    follower.start();
    const queue = new Queue<TaskJob>(queueName, { connection: { url: this.url, maxRetriesPerRequest: null } });
    queue.on('error', (error) => this.log(`queue error: ${error.message}`));
    this.opened = { keys, follower, reader, queue };
    signal.addEventListener(
      'abort',
      () => {
        this.redis
          .multi()
          .set(keys.cancelled, '1')
          .publish(cancelChannel, runId)
          .exec()
          .catch(() => undefined);
      },
      { once: true },
    );
    return new QueueExecutor(queue, runId, follower);
  }

  async close(): Promise<void> {
    if (this.opened) {
      const { keys, follower, reader, queue } = this.opened;
      await follower.stop();
      await queue.close();
      reader.disconnect();
      await deleteKeys(this.redis, keys.pattern);
    }
    await this.redis.quit().catch(() => undefined);
  }
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
