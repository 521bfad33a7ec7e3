import type { TaskResult } from '../plugin/run-results.js';
import type { TaskDefinition } from '../tasks/task-definition.js';

/** What a task came to, apart from what its definition already says. */
export type TaskOutcome = Pick<
  TaskResult,
  'status' | 'iterations' | 'durationMs' | 'usage' | 'usageByRole' | 'costUsd' | 'verdict' | 'error'
> & { lastResponse?: string | undefined };

/**
 * A task's result: its definition (id, index, folder, prompt, `matrix:` variant) with what it came
 * to. Every way a task ends — run here, ended in an earlier session, cancelled while queued — puts
 * its result together here, so each has the same fields in the same order in `results.json`.
 */
export function taskResultOf(task: TaskDefinition, outcome: TaskOutcome): TaskResult {
  return {
    id: task.id,
    index: task.index,
    dir: task.dir,
    prompt: task.prompt,
    status: outcome.status,
    iterations: outcome.iterations,
    durationMs: outcome.durationMs,
    usage: outcome.usage,
    usageByRole: outcome.usageByRole,
    costUsd: outcome.costUsd,
    verdict: outcome.verdict,
    error: outcome.error,
    ...(task.variant !== undefined && { variant: task.variant }),
    ...(outcome.lastResponse !== undefined && { lastResponse: outcome.lastResponse }),
  };
}
