import type { EventSink, RunEvent, RunEventInput, TaskCheckpoint, TaskResult, TaskStore } from '@agentbatch/core';
import type { Redis } from 'ioredis';
import type { RunKeys } from './run-keys.js';
import { messageField, type StreamMessage } from './stream-message.js';

/**
 * A worker's line to the producer for one task: its events (stamped with the worker's name),
 * transcript lines, checkpoints and diff go to the run's stream as they happen; the checkpoint is
 * also kept in Redis for a worker that takes the task over. Appends are sent without waiting
 * (one connection keeps them in order); `finish` waits for them all.
 */
export class RedisTaskChannel implements EventSink, TaskStore {
  private failure: unknown;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RunKeys,
    private readonly worker: string,
  ) {}

  emit(event: RunEventInput): void {
    const stamped = { time: new Date().toISOString(), ...event, worker: this.worker } as RunEvent;
    this.send({ kind: 'event', event: stamped });
  }

  appendTranscript(taskId: string, entry: Record<string, unknown>): void {
    this.send({ kind: 'transcript', taskId, entry });
  }

  async writeCheckpoint(checkpoint: TaskCheckpoint): Promise<void> {
    const message: StreamMessage = { kind: 'checkpoint', checkpoint };
    await this.redis
      .multi()
      .set(this.keys.checkpoint(checkpoint.taskId), JSON.stringify(checkpoint))
      .xadd(this.keys.stream, '*', messageField, JSON.stringify(message))
      .exec();
  }

  async writeDiff(taskId: string, patch: string): Promise<void> {
    await this.add({ kind: 'diff', taskId, patch });
  }

  /**
   * Sends the task's result after everything before it. A final result is also kept, so that the
   * job, if it runs again (its worker died before BullMQ heard it finished), does not run the task twice.
   */
  async finish(result: TaskResult): Promise<void> {
    if (this.failure) throw this.failure;
    const message: StreamMessage = { kind: 'result', taskId: result.id, result };
    const multi = this.redis.multi();
    if (result.status !== 'cancelled') multi.set(this.keys.result(result.id), JSON.stringify(result));
    multi.xadd(this.keys.stream, '*', messageField, JSON.stringify(message));
    await multi.exec();
  }

  private send(message: StreamMessage): void {
    this.add(message).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  private async add(message: StreamMessage): Promise<void> {
    await this.redis.xadd(this.keys.stream, '*', messageField, JSON.stringify(message));
  }
}
