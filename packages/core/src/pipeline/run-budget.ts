import type { Spent } from '../plugin/budget-ledger.js';

export interface BudgetLimits {
  usd?: number;
  tokens?: number;
}

/** Why no new task or iteration may start, or undefined while the budget lasts. */
export function budgetExhausted(
  spent: Spent,
  limits: BudgetLimits | undefined,
  scope: 'run' | 'task',
): string | undefined {
  if (!limits) return undefined;
  if (limits.usd !== undefined && spent.costUsd >= limits.usd) {
    return `the ${scope} budget of $${limits.usd} is spent ($${spent.costUsd.toFixed(4)} used)`;
  }
  const tokens = spent.totalTokens;
  if (limits.tokens !== undefined && tokens >= limits.tokens) {
    return `the ${scope} budget of ${limits.tokens} tokens is spent (${tokens} used)`;
  }
  return undefined;
}
