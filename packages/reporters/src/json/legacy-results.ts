/**
 * The original system's `parallel_batch_results.json` (DESIGN.md §7), rebuilt from agentbatch's
 * results so scripts written for it keep working: exactly its names and value types. What the
 * numbers mean where agentbatch measures more than the original did:
 *
 * - Token counts include the coder's calls as well as the evaluator's (the original only counted
 *   what its evaluator reported), so they are higher for the same work.
 * - `failedTasks` counts tasks that ended `error` and `timeoutTasks` those that ended `timeout`, as
 *   in the original; `result.status` also has agentbatch's other endings (`incomplete`, `failed`,
 *   `cancelled`).
 * - `task.dir` is the task's folder relative to the config's folder, written `./name` as task.json
 *   writes it.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { RunResults, TaskResult, Usage } from '@agentbatch/core';

export interface LegacyTokenStats {
  totalTokens: number;
  promptTokens: number;
  completionTokens: number;
  calls: number;
}

export interface LegacyTaskResult {
  /** Position in task.json, from 0. */
  taskIndex: number;
  task: { dir: string; first_prompt: string };
  result: {
    status: string;
    iterations: number;
    /** `null` when no model call was made. */
    tokenStats: LegacyTokenStats | null;
    /** The coder's last reply, when it gave one. */
    lastResponse?: string;
    /** The evaluator's last verdict summary, when it gave one. */
    lastEvaluation?: string;
    /** What went wrong, when the task ended with an error. */
    error?: string;
  };
  /** Seconds with two decimals, as a string: `"45.12"`. */
  duration: string;
  /** When the task ended, ISO 8601. */
  timestamp: string;
}

export interface LegacyBatchResults {
  summary: {
    totalTasks: number;
    completedTasks: number;
    /** Tasks that ended `error`. */
    failedTasks: number;
    timeoutTasks: number;
    /** The run's concurrency; `null` when it is unknown. */
    maxConcurrent: number | null;
    /** When the run ended, ISO 8601. */
    timestamp: string;
    totalTokenStats: LegacyTokenStats;
  };
  results: LegacyTaskResult[];
}

export interface LegacyResultsOptions {
  /** The run's concurrency (from `RunInfo`), which `RunResults` does not carry. */
  concurrency?: number | null;
  /** The folder task dirs are written relative to: the config's. Absolute dirs without it. */
  baseDir?: string;
  /** When each task ended, by task id (from its `task-end` event); the run's end for the others. */
  taskEndedAt?: ReadonlyMap<string, string>;
}

/** Maps agentbatch's `RunResults` to the original `parallel_batch_results.json` shape; pure. */
export function toLegacyResults(results: RunResults, options: LegacyResultsOptions = {}): LegacyBatchResults {
  const tasks = [...results.tasks].sort((a, b) => a.index - b.index);
  const count = (status: TaskResult['status']) => tasks.filter((task) => task.status === status).length;
  return {
    summary: {
      totalTasks: tasks.length,
      completedTasks: count('completed'),
      failedTasks: count('error'),
      timeoutTasks: count('timeout'),
      maxConcurrent: options.concurrency ?? null,
      timestamp: results.endedAt,
      totalTokenStats: tokenStats(results.summary.usage),
    },
    results: tasks.map((task) => ({
      taskIndex: task.index,
      task: { dir: taskDir(task.dir, options.baseDir), first_prompt: task.prompt },
      result: {
        status: task.status,
        iterations: task.iterations,
        tokenStats: task.usage.calls > 0 ? tokenStats(task.usage) : null,
        ...(task.lastResponse !== undefined && { lastResponse: task.lastResponse }),
        ...(task.verdict && { lastEvaluation: task.verdict.summary }),
        ...(task.error && { error: task.error.message }),
      },
      duration: (task.durationMs / 1000).toFixed(2),
      timestamp: options.taskEndedAt?.get(task.id) ?? results.endedAt,
    })),
  };
}

function tokenStats(usage: Usage): LegacyTokenStats {
  return {
    totalTokens: usage.totalTokens,
    promptTokens: usage.inputTokens,
    completionTokens: usage.outputTokens,
    calls: usage.calls,
  };
}

function taskDir(dir: string, baseDir: string | undefined): string {
  if (baseDir === undefined) return dir;
  const path = relative(baseDir, dir);
  if (path === '') return '.';
  if (isAbsolute(path) || path.startsWith('..')) return path.split(sep).join('/');
  return `./${path.split(sep).join('/')}`;
}
