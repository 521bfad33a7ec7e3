/**
 * The shape of `results.json` (DESIGN.md §6), also what reporters receive in `onRunEnd`.
 * `schemaVersion` changes only for breaking changes; fields are only ever added.
 */
import type { Usage } from '../model/usage.js';

export type { Usage } from '../model/usage.js';

export type Role = 'coder' | 'evaluator';

export type TaskStatus = 'completed' | 'incomplete' | 'failed' | 'error' | 'timeout' | 'cancelled';

export type RunStatus = 'passed' | 'failed' | 'interrupted';

export type VerdictStatus = 'completed' | 'continue' | 'failed';

export interface Verdict {
  status: VerdictStatus;
  summary: string;
  nextPrompt?: string;
}

export interface UsageByRole {
  coder: Usage;
  evaluator: Usage;
}

export interface TaskError {
  /** Stable machine-readable cause, e.g. `provider-auth`, `rate-limited`, `model-error`, `budget`, `timeout`. */
  code: string;
  message: string;
}

export interface TaskResult {
  id: string;
  /** Position of the task in the task list, from 0. */
  index: number;
  /** The task's workspace as an absolute path. */
  dir: string;
  prompt: string;
  status: TaskStatus;
  iterations: number;
  durationMs: number;
  usage: Usage;
  usageByRole: UsageByRole;
  costUsd: number;
  verdict: Verdict | null;
  error: TaskError | null;
  /** The git branch holding the result (`run.workspace: worktree`). */
  branch?: string;
  /** What applying the change to the original folder came to (`run.workspace: copy` with `run.applyBack`). */
  applyBack?: ApplyBackResult;
  /** Every attempt (`run.attempts` above 1); the task's own fields are the chosen one's, its usage the sum. */
  attempts?: AttemptResult[];
  /** The attempt the task's result is, from 1. */
  chosenAttempt?: number;
  /** The `matrix:` variant it ran under (its id is `<taskId>@<variant>`). */
  variant?: string;
  /**
   * The coder's last reply: the text of its last message that had any (the original system's
   * `lastResponse`); absent while the coder has said nothing.
   */
  lastResponse?: string;
}

/** One of a task's tries (`run.attempts`), each in a workspace of its own. */
export interface AttemptResult {
  /** From 1. */
  attempt: number;
  status: TaskStatus;
  iterations: number;
  usage: Usage;
  costUsd: number;
  verdict: Verdict | null;
  /** The folder it worked in: its copy or worktree. */
  workspace: string;
  /** Its git branch (`run.workspace: worktree`). */
  branch?: string;
  /** The exit code of the last `verify` stage it ran, when there is one. */
  verifyExitCode?: number;
  /** Why it ended, when it did not complete. */
  error?: TaskError;
  /** Its coder's last reply (see `TaskResult.lastResponse`). */
  lastResponse?: string;
}

export interface ApplyBackResult {
  status: 'applied' | 'unchanged' | 'conflict';
  /** For a conflict: the files that clash, as git said. */
  message?: string;
}

/** How many tasks there are, and how many of them ended in each status. */
export interface TaskCounts {
  total: number;
  completed: number;
  incomplete: number;
  failed: number;
  error: number;
  timeout: number;
  cancelled: number;
}

export interface RunSummary extends TaskCounts {
  usage: Usage;
  usageByRole: UsageByRole;
  costUsd: number;
  /** Per `matrix:` variant, in the matrix's order; absent without a matrix. */
  byVariant?: Record<string, VariantSummary>;
}

/** How one `matrix:` variant did over the tasks that ran under it. */
export interface VariantSummary extends TaskCounts {
  /** Iterations of all its tasks together. */
  iterations: number;
  usage: Usage;
  usageByRole: UsageByRole;
  costUsd: number;
  /** Its tasks' durations added up: the time the variant took, task by task. */
  durationMs: number;
}

export interface RunResults {
  schemaVersion: 1;
  runId: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  summary: RunSummary;
  tasks: TaskResult[];
}
