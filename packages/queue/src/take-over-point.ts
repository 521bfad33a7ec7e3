import { addUsage, type PriorUsage, type TaskCheckpoint, type TaskResumePoint } from '@agentbatch/core';
import type { Redis } from 'ioredis';
import type { RedisBudgetLedger } from './redis-budget-ledger.js';
import type { RunKeys } from './run-keys.js';

/**
 * Where a task picks up on this worker: its latest checkpoint (kept in Redis by a worker that
 * died, or the one the producer resumed it from), and everything it spent before — in earlier
 * sessions of the run and, in this one, by workers that died while running it.
 */
export async function takeOverPoint(
  redis: Redis,
  keys: RunKeys,
  ledger: RedisBudgetLedger,
  taskId: string,
  resume: TaskResumePoint | undefined,
): Promise<TaskResumePoint | undefined> {
  const spentHere = await ledger.taskUsage(taskId);
  // No worker has run the task in this session: it picks up where the producer resumed it,
  // each of its attempts (`run.attempts`) from its own checkpoint.
  if (resume?.attempts && !spentHere) return resume;
  const text = await redis.get(keys.checkpoint(taskId));
  const kept = text ? (JSON.parse(text) as TaskCheckpoint) : undefined;
  const checkpoint =
    kept && (!resume?.checkpoint || kept.iterations >= resume.checkpoint.iterations) ? kept : resume?.checkpoint;
  const prior = sumPrior(resume?.prior, spentHere);
  return checkpoint || prior ? { checkpoint, prior } : undefined;
}

function sumPrior(a: PriorUsage | undefined, b: PriorUsage | undefined): PriorUsage | undefined {
  if (!a || !b) return a ?? b;
  return {
    byRole: {
      coder: addUsage(a.byRole.coder, b.byRole.coder),
      evaluator: addUsage(a.byRole.evaluator, b.byRole.evaluator),
    },
    costUsd: a.costUsd + b.costUsd,
  };
}
