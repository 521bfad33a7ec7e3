import type { Usage } from '../model/usage.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import type { EventSink } from './event-sink.js';
import type { AttemptResult, Role, TaskResult } from './run-results.js';
import type { TaskCheckpoint } from './task-checkpoint.js';

/** What a task already spent before this session of it (earlier sessions, or a worker that died). */
export interface PriorUsage {
  byRole: Record<Role, Usage>;
  costUsd: number;
}

/** Where a task picks up: its last checkpoint (if it finished an iteration) and what it already spent. */
export interface TaskResumePoint {
  checkpoint: TaskCheckpoint | undefined;
  prior: PriorUsage | undefined;
  /**
   * Where each of its attempts picks up (`run.attempts` above 1), for the attempts an earlier
   * session started; `prior` is then their sum.
   */
  attempts?: AttemptResumePoint[];
}

/** Where one attempt of a task picks up: as a task does, unless it already ended. */
export interface AttemptResumePoint {
  /** From 1. */
  attempt: number;
  checkpoint: TaskCheckpoint | undefined;
  prior: PriorUsage | undefined;
  /** It ended in an earlier session (the run was stopped while other attempts went on): it is not run again. */
  ended?: { result: AttemptResult; patch: string };
}

/**
 * Where the run's scheduling ends and a task's execution begins. The run decides which task
 * runs when (concurrency, shared folders, resume); an executor runs one task from start to
 * result — prepare its workspace, iterate the stages, finalize (e.g. save its diff) — and reports
 * every step to `sink`. The in-process executor runs it here; the queue executor hands it to a
 * worker. `execute` never rejects: every ending, cancellation by `signal` included, is a result.
 */
export interface TaskExecutor {
  execute(
    task: TaskDefinition,
    resume: TaskResumePoint | undefined,
    sink: EventSink,
    signal: AbortSignal,
  ): Promise<TaskResult>;
}
