import type { EventSink, RunEventInput, TaskResult, TaskStore } from '@agentbatch/core';
import type { Redis } from 'ioredis';
import type { RunKeys } from './run-keys.js';
import { messageField, type StreamMessage } from './stream-message.js';

interface Followed {
  sink: EventSink;
  started: boolean;
  settle(result: TaskResult): void;
  fail(message: string): void;
}

/** Entries read at once, and how long one read waits for new ones. */
const BATCH = 200;
const BLOCK_MS = 500;

/**
 * The producer's end of the run's stream: reads what the workers send, in order, and hands each
 * task's events to the run (so they reach `events.jsonl` and the reporters as they happen), writes
 * transcripts, checkpoints and diffs into the run folder, and settles each task with its result.
 * A task taken over by another worker starts once in the events and ends once in the results.
 */
export class RunFollower {
  private readonly followed = new Map<string, Followed>();
  private lastId = '0-0';
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly reader: Redis,
    private readonly keys: RunKeys,
    private readonly store: TaskStore,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.loop = this.read();
  }

  /** Follows one task until its result arrives (or `settle`/`fail` is called for it). */
  follow(taskId: string, sink: EventSink, onFailure: (message: string) => TaskResult): Promise<TaskResult> {
    return new Promise((resolve) => {
      const end = (result: TaskResult) => {
        if (this.followed.get(taskId) !== followed) return;
        this.followed.delete(taskId);
        resolve(result);
      };
      const followed: Followed = { sink, started: false, settle: end, fail: (message) => end(onFailure(message)) };
      this.followed.set(taskId, followed);
    });
  }

  /** Ends a task without a worker's word (it never left the queue). */
  settle(taskId: string, result: TaskResult): void {
    this.followed.get(taskId)?.settle(result);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async read(): Promise<void> {
    while (!this.stopped) {
      let reply: [string, [string, string[]][]][] | null;
      try {
        reply = (await this.reader.xread(
          'COUNT',
          BATCH,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.keys.stream,
          this.lastId,
        )) as [string, [string, string[]][]][] | null;
      } catch (error) {
        if (this.stopped) return;
        this.log(`reading the queue failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      for (const [, entries] of reply ?? []) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          const text = fields[fields.indexOf(messageField) + 1];
          if (text !== undefined) await this.dispatch(JSON.parse(text) as StreamMessage);
        }
      }
    }
  }

  private async dispatch(message: StreamMessage): Promise<void> {
    switch (message.kind) {
      case 'event': {
        const { event } = message;
        const followed = 'taskId' in event ? this.followed.get(event.taskId) : undefined;
        // Events of a task already ended here (a cancelled one's late words) are not part of the run any more.
        if (!followed) return;
        if (event.type === 'task-start') {
          if (followed.started) return;
          followed.started = true;
        }
        followed.sink.emit(event as RunEventInput);
        return;
      }
      case 'transcript':
        this.store.appendTranscript(message.taskId, message.entry);
        return;
      case 'checkpoint':
        await this.store.writeCheckpoint(message.checkpoint);
        return;
      case 'diff':
        await this.store.writeDiff(message.taskId, message.patch);
        return;
      case 'result':
        this.followed.get(message.taskId)?.settle(message.result);
        return;
      case 'job-failed':
        this.followed.get(message.taskId)?.fail(message.message);
        return;
    }
  }
}
