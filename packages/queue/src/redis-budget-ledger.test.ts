import { usageOfCall } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { RedisBudgetLedger } from './redis-budget-ledger.js';
import { runKeys } from './run-keys.js';
import { redisForThisFile } from './test-support/redis-for-this-file.js';

const redis = redisForThisFile();

describe('RedisBudgetLedger', () => {
  it('sums the charges of every worker for the run, and by role for each task', async () => {
    const keys = runKeys('ledger-run');
    const one = new RedisBudgetLedger(redis(), keys);
    const other = new RedisBudgetLedger(redis(), keys);
    await one.reset([{ usage: usageOfCall({ inputTokens: 100, outputTokens: 0 }), costUsd: 0.5 }]);
    await one.charge({
      taskId: 't1',
      role: 'coder',
      usage: usageOfCall({ inputTokens: 10, outputTokens: 5 }),
      costUsd: 0.25,
    });
    await other.charge({
      taskId: 't1',
      role: 'evaluator',
      usage: usageOfCall({ inputTokens: 20, outputTokens: 2 }),
      costUsd: 0.125,
    });
    expect(await other.spent()).toEqual({ totalTokens: 137, costUsd: 0.875 });
    const task = await one.taskUsage('t1');
    expect(task?.byRole.coder).toEqual(usageOfCall({ inputTokens: 10, outputTokens: 5 }));
    expect(task?.byRole.evaluator).toEqual(usageOfCall({ inputTokens: 20, outputTokens: 2 }));
    expect(task?.costUsd).toBe(0.375);
    expect(await one.taskUsage('t2')).toBeUndefined();
  });
});
