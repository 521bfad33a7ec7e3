import type { TaskResult } from '@agentbatch/core';
import { task, usage } from './fixtures.js';

/** A task tried three times in copy workspaces: the second attempt completed and was chosen, but did not apply back. */
export function triedTask(): TaskResult {
  const attempt = (number: number, status: TaskResult['status'], tokens: number, verifyExitCode: number) => ({
    attempt: number,
    status,
    iterations: 2,
    usage: usage(tokens - 100, 100, 3),
    costUsd: 0.01 * number,
    verdict: null,
    workspace: `/runs/r1/tasks/tried/attempt-${number}/workspace`,
    verifyExitCode,
  });
  return {
    ...task({ id: 'tried', index: 0 }),
    attempts: [attempt(1, 'incomplete', 1500, 1), attempt(2, 'completed', 2500, 0), attempt(3, 'failed', 900, 1)],
    chosenAttempt: 2,
    branch: 'agentbatch/r1/tried',
    applyBack: { status: 'conflict', message: 'patch failed: calc.js:1; calc.js: patch does not apply' },
  };
}
