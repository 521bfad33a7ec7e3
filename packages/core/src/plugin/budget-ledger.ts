import type { Usage } from '../model/usage.js';
import type { Role } from './run-results.js';

/** What was spent: tokens (input + output) and USD. */
export interface Spent {
  totalTokens: number;
  costUsd: number;
}

/** One model call's usage and cost, charged when the call ends. */
export interface Charge {
  taskId: string;
  role: Role;
  usage: Usage;
  costUsd: number;
}

/**
 * The run's spending, which the run budget is checked against. Every model call is charged when
 * it ends, by whichever process made it, so that a budget holds across all tasks and (with a
 * queue) all workers, and tokens spent by a task that died are still counted.
 */
export interface BudgetLedger {
  charge(charge: Charge): Promise<void>;
  spent(): Promise<Spent>;
}
