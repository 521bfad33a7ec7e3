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
}

export interface RunSummary {
  total: number;
  completed: number;
  incomplete: number;
  failed: number;
  error: number;
  timeout: number;
  cancelled: number;
  usage: Usage;
  usageByRole: UsageByRole;
  costUsd: number;
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
