import { describe, expect, it } from 'vitest';
import { usageOfCall } from '../model/usage.js';
import { MemoryBudgetLedger } from './memory-budget-ledger.js';

const call = (inputTokens: number, outputTokens: number) => usageOfCall({ inputTokens, outputTokens });

describe('MemoryBudgetLedger', () => {
  it('sums every charge, from every task', async () => {
    const ledger = new MemoryBudgetLedger();
    await ledger.charge({ taskId: 'a', role: 'coder', usage: call(10, 5), costUsd: 0.00002 });
    await ledger.charge({ taskId: 'b', role: 'evaluator', usage: call(20, 5), costUsd: 0.00002 });
    expect(await ledger.spent()).toEqual({ totalTokens: 40, costUsd: 0.00004 });
  });

  it('starts from what the run spent before (a resumed run)', async () => {
    const ledger = new MemoryBudgetLedger([
      { usage: call(100, 10), costUsd: 0.25 },
      { usage: call(50, 5), costUsd: 0 },
    ]);
    await ledger.charge({ taskId: 'a', role: 'coder', usage: call(1, 1), costUsd: 0 });
    expect(await ledger.spent()).toEqual({ totalTokens: 167, costUsd: 0.25 });
  });
});
