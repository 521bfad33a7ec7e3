/**
 * What the live console shows, as plain data: `reduceLiveState` folds each `RunEvent` into it,
 * and `renderLiveView` draws it. Both are pure, so the dashboard can be tested without a terminal
 * or a clock. Times are epoch milliseconds taken from the events' `time`.
 */
import type { RunEvent, RunInfo } from '@agentbatch/core';

/** What a running task is doing, as far as the events tell: `stage` is a stage other than code and evaluate. */
export type LiveActivity = 'starting' | 'coding' | 'evaluating' | 'stage';

export interface LiveTool {
  /** The tool call's one-line summary, e.g. `write_file src/a.ts (12 lines)`. */
  summary: string;
  isError: boolean;
}

export interface LiveRetry {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** When the next attempt starts. */
  until: number;
  reason: string;
}

export interface LiveTask {
  id: string;
  /** Position in the task list, from 0. */
  index: number;
  /** The `matrix:` variant it runs under; undefined without a matrix. */
  variant: string | undefined;
  startedAt: number;
  /** The current coder/evaluator round, from 1; 0 before the first starts. */
  iteration: number;
  activity: LiveActivity;
  /** The stage running, from its `stage-start`. */
  stage: string | undefined;
  /** The last tool call that ended, of either agent. */
  lastTool: LiveTool | undefined;
  /** The task's tokens so far, both agents. */
  tokens: number;
  /** The task's last model retry; it is waiting while `until` lies ahead. */
  retry: LiveRetry | undefined;
}

export interface LiveState {
  total: number;
  concurrency: number;
  /** When this session started: a resumed run continues an earlier session's. */
  startedAt: number;
  /** How long earlier sessions of a resumed run ran (the time between sessions is not counted). */
  earlierRunningMs: number;
  /** Set by `run-end`. */
  endedAt: number | undefined;
  /** Whether the run continues an earlier session, whose finished tasks are not run again. */
  resumed: boolean;
  /** Tasks queued in this session. */
  queued: number;
  /** Tasks that ended in this session, completed or not. */
  completed: number;
  notCompleted: number;
  /** The tasks that have started and not ended, in task-list order. */
  running: readonly LiveTask[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Model calls retried, how many of those were rate limited (HTTP 429), and the time spent waiting. */
  retries: number;
  rateLimited: number;
  retryWaitMs: number;
}

/** The state before any event, from what `onRunStart` tells. */
export function createLiveState(info: Pick<RunInfo, 'total' | 'concurrency' | 'startedAt'>): LiveState {
  return {
    total: info.total,
    concurrency: info.concurrency,
    startedAt: timeOf(info.startedAt),
    earlierRunningMs: 0,
    endedAt: undefined,
    resumed: false,
    queued: 0,
    completed: 0,
    notCompleted: 0,
    running: [],
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    retries: 0,
    rateLimited: 0,
    retryWaitMs: 0,
  };
}

/** The state after `event`; `state` is left unchanged. */
export function reduceLiveState(state: LiveState, event: RunEvent): LiveState {
  switch (event.type) {
    case 'run-start':
      return {
        ...state,
        total: event.total,
        concurrency: event.concurrency,
        resumed: event.resumed,
        // `onRunStart` gives a resumed run's first start; elapsed time counts from this session's.
        startedAt: timeOf(event.time),
        earlierRunningMs: event.earlierRunningMs ?? 0,
      };
    case 'task-queued':
      return { ...state, queued: state.queued + 1 };
    case 'task-start': {
      const task: LiveTask = {
        id: event.taskId,
        index: event.index,
        variant: event.variant,
        startedAt: timeOf(event.time),
        iteration: 0,
        activity: 'starting',
        stage: undefined,
        lastTool: undefined,
        tokens: 0,
        retry: undefined,
      };
      const others = state.running.filter((running) => running.id !== event.taskId);
      return { ...state, running: [...others, task].sort((a, b) => a.index - b.index) };
    }
    case 'iteration-start':
      return updateTask(state, event.taskId, () => ({ iteration: event.iteration, activity: 'coding' }));
    case 'stage-start':
      return updateTask(state, event.taskId, () => ({ activity: stageActivity(event.stage), stage: event.stage }));
    case 'tool-call-end':
      return updateTask(state, event.taskId, () => ({
        activity: activityOf(event.role),
        lastTool: { summary: event.summary, isError: event.isError },
      }));
    case 'model-call-end':
      return {
        ...updateTask(state, event.taskId, (task) => ({
          activity: activityOf(event.role),
          tokens: task.tokens + event.usage.totalTokens,
          retry: undefined,
        })),
        inputTokens: state.inputTokens + event.usage.inputTokens,
        outputTokens: state.outputTokens + event.usage.outputTokens,
        costUsd: state.costUsd + event.costUsd,
      };
    case 'model-retry':
      return {
        ...updateTask(state, event.taskId, () => ({
          activity: activityOf(event.role),
          retry: { attempt: event.attempt, until: timeOf(event.time) + event.delayMs, reason: event.reason },
        })),
        retries: state.retries + 1,
        rateLimited: state.rateLimited + (event.statusCode === 429 ? 1 : 0),
        retryWaitMs: state.retryWaitMs + event.delayMs,
      };
    case 'task-end': {
      const completed = event.result.status === 'completed';
      return {
        ...state,
        total: event.total,
        completed: state.completed + (completed ? 1 : 0),
        notCompleted: state.notCompleted + (completed ? 0 : 1),
        running: state.running.filter((task) => task.id !== event.taskId),
      };
    }
    case 'run-end':
      return { ...state, endedAt: timeOf(event.time) };
    default:
      return state;
  }
}

/** Tasks that ended in an earlier session of a resumed run: those this session did not queue. */
export function keptCount(state: LiveState): number {
  return state.resumed ? Math.max(0, state.total - state.queued) : 0;
}

/** Tasks ended so far, in this session and earlier ones. */
export function doneCount(state: LiveState): number {
  return keptCount(state) + state.completed + state.notCompleted;
}

function updateTask(state: LiveState, taskId: string, change: (task: LiveTask) => Partial<LiveTask>): LiveState {
  if (!state.running.some((task) => task.id === taskId)) return state;
  return { ...state, running: state.running.map((task) => (task.id === taskId ? { ...task, ...change(task) } : task)) };
}

function stageActivity(stage: string): LiveActivity {
  if (stage === 'code') return 'coding';
  return stage === 'evaluate' ? 'evaluating' : 'stage';
}

function activityOf(role: 'coder' | 'evaluator'): LiveActivity {
  return role === 'coder' ? 'coding' : 'evaluating';
}

function timeOf(isoTime: string): number {
  const time = Date.parse(isoTime);
  return Number.isNaN(time) ? 0 : time;
}
