import { addUsage, type TaskResumePoint, usageOfCall } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { RedisBudgetLedger } from './redis-budget-ledger.js';
import { runKeys } from './run-keys.js';
import { takeOverPoint } from './take-over-point.js';
import { redisForThisFile } from './test-support/redis-for-this-file.js';

const redis = redisForThisFile();

const spent = {
  byRole: {
    coder: usageOfCall({ inputTokens: 40, outputTokens: 4 }),
    evaluator: usageOfCall({ inputTokens: 0, outputTokens: 0 }),
  },
  costUsd: 0.5,
};

/** A task resumed by the producer with two attempts, one of which had got through an iteration. */
const resumedWithAttempts: TaskResumePoint = {
  checkpoint: undefined,
  prior: spent,
  attempts: [
    { attempt: 1, checkpoint: undefined, prior: undefined },
    { attempt: 2, checkpoint: undefined, prior: spent },
  ],
};

describe('takeOverPoint', () => {
  it("hands a resumed task's attempts on as the producer planned them while no worker has run it", async () => {
    const keys = runKeys('take-over-fresh');
    const ledger = new RedisBudgetLedger(redis(), keys);
    expect(await takeOverPoint(redis(), keys, ledger, 't1', resumedWithAttempts)).toBe(resumedWithAttempts);
  });

  it('adds what workers of this session spent on the task to what it spent before', async () => {
    const keys = runKeys('take-over-taken');
    const ledger = new RedisBudgetLedger(redis(), keys);
    await ledger.charge({
      taskId: 't1',
      role: 'coder',
      usage: usageOfCall({ inputTokens: 10, outputTokens: 1 }),
      costUsd: 0.25,
    });
    const point = await takeOverPoint(redis(), keys, ledger, 't1', resumedWithAttempts);
    expect(point?.attempts).toBeUndefined();
    expect(point?.prior?.byRole.coder).toEqual(
      addUsage(spent.byRole.coder, usageOfCall({ inputTokens: 10, outputTokens: 1 })),
    );
    expect(point?.prior?.costUsd).toBe(0.75);
  });
});
