/**
 * The original system's `parallel_batch_results.json`, rebuilt from agentbatch's results so scripts
 * written for it keep working. Names follow the original; what changed:
 *
 * - Token counts now include the coder's calls: the original only counted what its evaluator
 *   reported, so `totalTokens` and `totalCalls` are higher for the same work. `coder` and
 *   `evaluator` give the split.
 * - `success` and `completedTasks` mean the evaluator accepted the task (status `completed`);
 *   `failedTasks` counts every other task (incomplete, failed, error, timeout, cancelled) and
 *   `result.status` says which.
 * - Durations are numbers of seconds with two decimals (the original stored `"45.12"` strings);
 *   `totalDuration` is the run's wall-clock time, `averageDuration` the mean task duration.
 * - `taskIndex` counts from 0 (the console shows it + 1); `dir` is absolute.
 */
import type { RunResults, TaskResult, Usage } from '@agentbatch/core';

export interface LegacyTokenStats {
  totalTokens: number;
  inputTokens: number;
  outputTokens: number;
  totalCalls: number;
}

export interface LegacyTaskTokenStats extends LegacyTokenStats {
  coder: LegacyTokenStats;
  evaluator: LegacyTokenStats;
}

export interface LegacyTaskResult {
  taskIndex: number;
  dir: string;
  first_prompt: string;
  success: boolean;
  /** Seconds. */
  duration: number;
  result: {
    status: string;
    iterations: number;
    /** The evaluator's last verdict summary, `null` when it never gave one. */
    evaluation: string | null;
    tokenStats: LegacyTaskTokenStats;
  };
  /** The error message, `null` when the task ended without an error. */
  error: string | null;
}

export interface LegacyBatchResults {
  /** When the run ended, ISO 8601. */
  timestamp: string;
  summary: {
    totalTasks: number;
    completedTasks: number;
    failedTasks: number;
    /** Seconds of wall-clock time. */
    totalDuration: number;
    /** Mean task duration in seconds. */
    averageDuration: number;
    /** `null` when the run's concurrency is unknown. */
    concurrency: number | null;
    tokenStats: LegacyTokenStats;
  };
  results: LegacyTaskResult[];
}

export interface LegacyResultsOptions {
  /** The run's concurrency (from `RunInfo`), which `RunResults` does not carry. */
  concurrency?: number | null;
}

/** Maps agentbatch's `RunResults` to the original `parallel_batch_results.json` shape; pure. */
export function toLegacyResults(results: RunResults, options: LegacyResultsOptions = {}): LegacyBatchResults {
  const tasks = [...results.tasks].sort((a, b) => a.index - b.index);
  const completedTasks = tasks.filter((task) => task.status === 'completed').length;
  const taskSeconds = tasks.reduce((sum, task) => sum + task.durationMs, 0) / 1000;
  return {
    timestamp: results.endedAt,
    summary: {
      totalTasks: tasks.length,
      completedTasks,
      failedTasks: tasks.length - completedTasks,
      totalDuration: seconds(results.durationMs),
      averageDuration: tasks.length > 0 ? round2(taskSeconds / tasks.length) : 0,
      concurrency: options.concurrency ?? null,
      tokenStats: tokenStats(results.summary.usage),
    },
    results: tasks.map(legacyTask),
  };
}

function legacyTask(task: TaskResult): LegacyTaskResult {
  return {
    taskIndex: task.index,
    dir: task.dir,
    first_prompt: task.prompt,
    success: task.status === 'completed',
    duration: seconds(task.durationMs),
    result: {
      status: task.status,
      iterations: task.iterations,
      evaluation: task.verdict?.summary ?? null,
      tokenStats: {
        ...tokenStats(task.usage),
        coder: tokenStats(task.usageByRole.coder),
        evaluator: tokenStats(task.usageByRole.evaluator),
      },
    },
    error: task.error?.message ?? null,
  };
}

function tokenStats(usage: Usage): LegacyTokenStats {
  return {
    totalTokens: usage.totalTokens,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalCalls: usage.calls,
  };
}

function seconds(milliseconds: number): number {
  return round2(milliseconds / 1000);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
