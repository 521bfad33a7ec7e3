import type { RunEvent, TaskCheckpoint, TaskResult } from '@agentbatch/core';

/** What a worker sends its producer through the run's stream, in the order it happened. */
export type StreamMessage =
  | { kind: 'event'; event: RunEvent }
  | { kind: 'transcript'; taskId: string; entry: Record<string, unknown> }
  | { kind: 'checkpoint'; checkpoint: TaskCheckpoint }
  | { kind: 'diff'; taskId: string; patch: string }
  | { kind: 'result'; taskId: string; result: TaskResult }
  /** The job failed outside the task (its worker could not load the run): the task's error. */
  | { kind: 'job-failed'; taskId: string; message: string };

/** The field each stream entry keeps its message in. */
export const messageField = 'message';
