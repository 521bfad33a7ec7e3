import {
  addUsage,
  emptyUsage,
  lastReply,
  type TaskDefinition,
  type TaskResult,
  type TaskResumePoint,
  type TaskStatus,
  taskResultOf,
} from '@agentbatch/core';

/**
 * The result of a task that the producer ends without a worker's word (cancelled while it still
 * waited in the queue): what it had done and spent before, as its resume point says.
 */
export function unrunResult(
  task: TaskDefinition,
  resume: TaskResumePoint | undefined,
  status: TaskStatus,
  error: { code: string; message: string },
): TaskResult {
  const byRole = resume?.prior?.byRole ?? { coder: emptyUsage(), evaluator: emptyUsage() };
  return taskResultOf(task, {
    status,
    iterations: resume?.checkpoint?.iterations ?? 0,
    durationMs: resume?.checkpoint?.elapsedMs ?? 0,
    usage: addUsage(byRole.coder, byRole.evaluator),
    usageByRole: { coder: { ...byRole.coder }, evaluator: { ...byRole.evaluator } },
    costUsd: Math.round((resume?.prior?.costUsd ?? 0) * 1e6) / 1e6,
    verdict: resume?.checkpoint?.verdict ?? null,
    error,
    lastResponse: lastReply(resume?.checkpoint?.coder ?? []),
  });
}
