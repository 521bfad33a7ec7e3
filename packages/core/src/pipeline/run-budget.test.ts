import { describe, expect, it } from 'vitest';
import { usageOfCall } from '../model/usage.js';
import type { Spent } from '../plugin/budget-ledger.js';
import { budgetExhausted } from './run-budget.js';
import { UsageMeter } from './usage-meter.js';

function meterWith(tokensIn: number, tokensOut: number, usdPerMillionIn = 0): Spent {
  const meter = new UsageMeter();
  meter.record('coder', usageOfCall({ inputTokens: tokensIn, outputTokens: tokensOut }), {
    input: usdPerMillionIn,
    output: 0,
  });
  return meter.spent;
}

describe('budgetExhausted', () => {
  it('never stops without limits', () => {
    expect(budgetExhausted(meterWith(10 ** 9, 10 ** 9, 100), undefined, 'run')).toBeUndefined();
    expect(budgetExhausted(meterWith(10 ** 9, 0, 100), {}, 'run')).toBeUndefined();
  });

  it('stops once the tokens (input plus output) reach the limit', () => {
    expect(budgetExhausted(meterWith(600, 399), { tokens: 1000 }, 'task')).toBeUndefined();
    expect(budgetExhausted(meterWith(600, 400), { tokens: 1000 }, 'task')).toBe(
      'the task budget of 1000 tokens is spent (1000 used)',
    );
  });

  it('stops once the cost reaches the USD limit', () => {
    // 2M input tokens at $1/M = $2.
    expect(budgetExhausted(meterWith(2_000_000, 0, 1), { usd: 2.5 }, 'run')).toBeUndefined();
    expect(budgetExhausted(meterWith(2_000_000, 0, 1), { usd: 2 }, 'run')).toBe(
      'the run budget of $2 is spent ($2.0000 used)',
    );
  });

  it('names whichever limit is spent when both are set', () => {
    expect(budgetExhausted(meterWith(2_000_000, 0, 1), { usd: 100, tokens: 1000 }, 'run')).toContain('tokens');
    expect(budgetExhausted(meterWith(2_000_000, 0, 1), { usd: 1, tokens: 10 ** 9 }, 'run')).toContain('$1');
  });
});
