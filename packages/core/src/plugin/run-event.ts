/**
 * Everything observable in a run is a `RunEvent`. Reporters receive them in order; the run store
 * appends them to `events.jsonl`. New event types and fields may be added; none are removed.
 */
import type { Usage } from '../model/usage.js';
import type { Role, RunResults, TaskResult, Verdict } from './run-results.js';

interface EventBase {
  /** ISO timestamp. */
  time: string;
  /** The queue worker the event comes from (a stable name); absent in a local run. */
  worker?: string;
  /** Which of its task's tries a task's event belongs to (`run.attempts` above 1), from 1. */
  taskAttempt?: number;
}

interface TaskEventBase extends EventBase {
  taskId: string;
}

interface IterationEventBase extends TaskEventBase {
  iteration: number;
}

export interface RunStartEvent extends EventBase {
  type: 'run-start';
  runId: string;
  runDir: string;
  total: number;
  concurrency: number;
  /** True when this session continues an earlier, interrupted session of the same run. */
  resumed: boolean;
  /** In a resumed run, the time its earlier sessions spent running (not the time between them). */
  earlierRunningMs?: number;
}

export interface TaskQueuedEvent extends TaskEventBase {
  type: 'task-queued';
  index: number;
}

export interface TaskStartEvent extends TaskEventBase {
  type: 'task-start';
  index: number;
  dir: string;
  prompt: string;
}

export interface IterationStartEvent extends IterationEventBase {
  type: 'iteration-start';
}

export interface ModelCallEndEvent extends IterationEventBase {
  type: 'model-call-end';
  role: Role;
  provider: string;
  model: string;
  /** This call's usage (`calls` is 1). */
  usage: Usage;
  costUsd: number;
  durationMs: number;
  finishReason: string;
}

export interface ModelRetryEvent extends IterationEventBase {
  type: 'model-retry';
  role: Role;
  provider: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  reason: string;
  /** The HTTP status that failed the attempt (429, 503…); absent when no response came. */
  statusCode?: number;
}

export interface ToolCallEndEvent extends IterationEventBase {
  type: 'tool-call-end';
  role: Role;
  tool: string;
  /** One short line, e.g. `write_file src/a.ts (12 lines)`. */
  summary: string;
  isError: boolean;
  durationMs: number;
}

export interface StageEndEvent extends IterationEventBase {
  type: 'stage-end';
  stage: string;
  durationMs: number;
}

export interface VerdictEvent extends IterationEventBase {
  type: 'verdict';
  role: 'evaluator';
  verdict: Verdict;
}

export interface IterationEndEvent extends IterationEventBase {
  type: 'iteration-end';
}

export interface TaskEndEvent extends TaskEventBase {
  type: 'task-end';
  result: TaskResult;
  /** Tasks ended so far, this one included, and the total. */
  done: number;
  total: number;
}

export interface RunEndEvent extends EventBase {
  type: 'run-end';
  results: RunResults;
}

export type RunEvent =
  | RunStartEvent
  | TaskQueuedEvent
  | TaskStartEvent
  | IterationStartEvent
  | ModelCallEndEvent
  | ModelRetryEvent
  | ToolCallEndEvent
  | StageEndEvent
  | VerdictEvent
  | IterationEndEvent
  | TaskEndEvent
  | RunEndEvent;

export type RunEventType = RunEvent['type'];
