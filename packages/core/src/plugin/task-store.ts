import type { TaskCheckpoint } from './task-checkpoint.js';

/**
 * What an executor keeps of a task besides its events: the transcript of both agents, the
 * checkpoint after every finished iteration, and the change it made. The run folder is the
 * in-process store; a queue worker sends them to the producer (and keeps the checkpoint where
 * another worker can continue from it).
 */
export interface TaskStore {
  /** Appends one line to the task's `transcript.jsonl`. */
  appendTranscript(taskId: string, entry: Record<string, unknown>): void;
  /** Replaces the task's checkpoint; resolves once it is kept. */
  writeCheckpoint(checkpoint: TaskCheckpoint): Promise<void>;
  /** Writes the task's change as `diff.patch`. */
  writeDiff(taskId: string, patch: string): Promise<void>;
}
