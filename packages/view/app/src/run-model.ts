import type { Role, RunEvent, TaskResult, TaskStatus } from '@agentbatch/core';
import type { RunData } from '../../src/view-data.js';

/** Fields that newer runs add to a task's result (attempts, matrix variants); older runs lack them. */
export interface TaskResultExtras {
  variant?: string;
  attempts?: { attempt: number; status: TaskStatus }[];
  chosenAttempt?: number;
}

export interface IterationSpan {
  iteration: number;
  /** Milliseconds since the run started. */
  start: number;
  end: number | undefined;
}

export interface ModelCall {
  /** Milliseconds since the run started. */
  time: number;
  role: Role;
  tokens: number;
  costUsd: number;
}

export interface TaskRow {
  id: string;
  index: number;
  dir: string;
  prompt: string;
  status: TaskStatus | 'queued' | 'running';
  iterations: number;
  tokens: number;
  costUsd: number;
  durationMs: number;
  tokensByRole: Record<Role, number>;
  costByRole: Record<Role, number>;
  /** Milliseconds since the run started; undefined while queued. */
  start: number | undefined;
  end: number | undefined;
  spans: IterationSpan[];
  calls: ModelCall[];
  verdict: string;
  variant: string | undefined;
  attempts: number | undefined;
  chosenAttempt: number | undefined;
}

export interface RunModel {
  tasks: TaskRow[];
  /** The run's span so far, in milliseconds since it started. */
  elapsed: number;
  startedAt: number;
  calls: ModelCall[];
  hasVariants: boolean;
  hasAttempts: boolean;
}

const roles: Role[] = ['coder', 'evaluator'];
const zeroByRole = (): Record<Role, number> => ({ coder: 0, evaluator: 0 });

/**
 * The run as the pages show it, from its events (what happened when) and its results (what each
 * finished task came to, authoritative where it exists).
 */
export function buildRunModel(data: RunData, now = Date.now()): RunModel {
  const startedAt = Date.parse(data.startedAt);
  const since = (time: string) => Date.parse(time) - startedAt;
  const rows = new Map<string, TaskRow>();
  const row = (taskId: string, index = rows.size): TaskRow => {
    let found = rows.get(taskId);
    if (!found) {
      found = emptyRow(taskId, index);
      rows.set(taskId, found);
    }
    return found;
  };
  const calls: ModelCall[] = [];
  let last = 0;
  for (const event of data.events) {
    last = Math.max(last, since(event.time));
    applyEvent(event, since, row, calls);
  }
  for (const result of data.results?.tasks ?? []) applyResult(row(result.id, result.index), result);
  const tasks = [...rows.values()].sort((a, b) => a.index - b.index);
  const endedAt = data.results && !data.running ? Date.parse(data.results.endedAt) - startedAt : undefined;
  return {
    tasks,
    elapsed: endedAt ?? (data.running ? Math.max(last, now - startedAt) : last),
    startedAt,
    calls,
    hasVariants: tasks.some((task) => task.variant !== undefined),
    hasAttempts: tasks.some((task) => task.attempts !== undefined),
  };
}

function applyEvent(
  event: RunEvent,
  since: (time: string) => number,
  row: (taskId: string, index?: number) => TaskRow,
  calls: ModelCall[],
): void {
  switch (event.type) {
    case 'task-queued':
      row(event.taskId, event.index);
      return;
    case 'task-start': {
      const task = row(event.taskId, event.index);
      Object.assign(task, { dir: event.dir, prompt: event.prompt, status: 'running', start: since(event.time) });
      // A resumed task starts again: its earlier session's spans stay, its end is open again.
      task.end = undefined;
      return;
    }
    case 'iteration-start':
      row(event.taskId).spans.push({ iteration: event.iteration, start: since(event.time), end: undefined });
      row(event.taskId).iterations = Math.max(row(event.taskId).iterations, event.iteration);
      return;
    case 'iteration-end': {
      const span = row(event.taskId).spans.findLast((candidate) => candidate.iteration === event.iteration);
      if (span) span.end = since(event.time);
      return;
    }
    case 'model-call-end': {
      const task = row(event.taskId);
      const call = {
        time: since(event.time),
        role: event.role,
        tokens: event.usage.totalTokens,
        costUsd: event.costUsd,
      };
      task.calls.push(call);
      calls.push(call);
      task.tokens += call.tokens;
      task.costUsd += call.costUsd;
      task.tokensByRole[event.role] += call.tokens;
      task.costByRole[event.role] += call.costUsd;
      return;
    }
    case 'verdict':
      row(event.taskId).verdict = event.verdict.summary;
      return;
    case 'task-end': {
      const task = row(event.taskId);
      task.end = since(event.time);
      for (const span of task.spans) span.end ??= task.end;
      applyResult(task, event.result);
      return;
    }
    default:
      return;
  }
}

function applyResult(task: TaskRow, result: TaskResult & TaskResultExtras): void {
  task.index = result.index;
  task.dir = result.dir;
  task.prompt = result.prompt;
  task.status = result.status;
  task.iterations = result.iterations;
  task.durationMs = result.durationMs;
  task.tokens = result.usage.totalTokens;
  task.costUsd = result.costUsd;
  for (const role of roles) task.tokensByRole[role] = result.usageByRole[role].totalTokens;
  // Results keep no cost per role: split the task's cost as its calls did, or by tokens.
  const eventCost = task.costByRole.coder + task.costByRole.evaluator;
  for (const role of roles) {
    task.costByRole[role] =
      eventCost > 0
        ? (task.costByRole[role] / eventCost) * result.costUsd
        : result.usage.totalTokens > 0
          ? (task.tokensByRole[role] / result.usage.totalTokens) * result.costUsd
          : 0;
  }
  if (result.verdict) task.verdict = result.verdict.summary;
  else if (result.error) task.verdict = result.error.message;
  task.variant = result.variant;
  task.attempts = result.attempts?.length;
  task.chosenAttempt = result.chosenAttempt;
}

function emptyRow(id: string, index: number): TaskRow {
  return {
    id,
    index,
    dir: '',
    prompt: '',
    status: 'queued',
    iterations: 0,
    tokens: 0,
    costUsd: 0,
    durationMs: 0,
    tokensByRole: zeroByRole(),
    costByRole: zeroByRole(),
    start: undefined,
    end: undefined,
    spans: [],
    calls: [],
    verdict: '',
    variant: undefined,
    attempts: undefined,
    chosenAttempt: undefined,
  };
}

/** A running task's duration grows with the clock; a finished one's is what the results say. */
export function taskDuration(task: TaskRow, elapsed: number): number {
  if (task.status === 'running' && task.start !== undefined) return elapsed - task.start;
  return task.durationMs;
}
