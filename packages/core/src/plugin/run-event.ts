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

interface StageEventBase extends IterationEventBase {
  stage: string;
  /** Set for a stage's task-level hooks (`iteration` is then the iterations done so far); absent for its per-iteration run. */
  when?: 'task-start' | 'task-end';
}

export interface RunStartEvent extends EventBase {
  type: 'run-start';
  runId: string;
  runDir: string;
  total: number;
  concurrency: number;
  /** True when this session continues an earlier, interrupted session of the same run. */
  resumed: boolean;
  /** The config file the run came from (absent in runs recorded before it was added). */
  configPath?: string;
  /** When the run first started: earlier than `time` when this session resumes it. */
  startedAt?: string;
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
  /** The `matrix:` variant the task runs under (its id is `<taskId>@<variant>`); absent without a matrix. */
  variant?: string;
}

export interface IterationStartEvent extends IterationEventBase {
  type: 'iteration-start';
}

/** A model call was asked for; it may still wait for the provider's limits. Its `model-call-end` follows. */
export interface ModelCallStartEvent extends IterationEventBase {
  type: 'model-call-start';
  role: Role;
  provider: string;
  model: string;
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

/** Every stage of every iteration starts with one, so reporters know the phase without knowing the stage. */
export interface StageStartEvent extends StageEventBase {
  type: 'stage-start';
}

export interface StageEndEvent extends StageEventBase {
  type: 'stage-end';
  durationMs: number;
}

/** Something a stage wants shown, from `StageContext.emit`, e.g. the shell stage's command and exit code. */
export interface StageNoteEvent extends StageEventBase {
  type: 'stage-note';
  /** One short line a reporter can print. */
  message: string;
  /** Structured details for reporters and tools that read `events.jsonl`. */
  data?: Record<string, unknown>;
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
  | ModelCallStartEvent
  | ModelCallEndEvent
  | ModelRetryEvent
  | ToolCallEndEvent
  | StageStartEvent
  | StageEndEvent
  | StageNoteEvent
  | VerdictEvent
  | IterationEndEvent
  | TaskEndEvent
  | RunEndEvent;

export type RunEventType = RunEvent['type'];
