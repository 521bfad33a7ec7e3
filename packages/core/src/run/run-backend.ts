import type { Usage } from '../model/usage.js';
import type { TaskExecutor } from '../plugin/task-executor.js';
import type { TaskStore } from '../plugin/task-store.js';
import type { PreparedRun } from './prepare-run.js';

/** A run as a backend gets it, once its id and folder are known. */
export interface OpenedRun {
  prepared: PreparedRun;
  runId: string;
  runDir: string;
  /** The run folder's transcripts, checkpoints and diffs. */
  store: TaskStore;
  /** What the run spent in its earlier sessions (when resumed). */
  spentBefore: { usage: Usage; costUsd: number }[];
  signal: AbortSignal;
}

/** Where a run's tasks are executed: this process by default, or a queue's workers. */
export interface RunBackend {
  open(run: OpenedRun): Promise<TaskExecutor>;
  /** Called once the run has ended, however it ended. */
  close(): Promise<void>;
}
