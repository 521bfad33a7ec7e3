import { costOf, type Pricing } from '../model/pricing.js';
import { addUsage, type CallUsage, emptyUsage, type Usage, usageOfCall } from '../model/usage.js';
import type { Spent } from '../plugin/budget-ledger.js';
import type { Role, UsageByRole } from '../plugin/run-results.js';
import type { PriorUsage } from '../plugin/task-executor.js';
import { roundUsd } from '../store/summarize-results.js';

/** Sums a task's usage and cost per role (the run's spending is its `BudgetLedger`). */
export class UsageMeter {
  private readonly byRole: UsageByRole = { coder: emptyUsage(), evaluator: emptyUsage() };
  private cost = 0;

  /** Records one call, as its provider reported it, and returns its usage and cost in USD. */
  record(role: Role, call: CallUsage, pricing: Pricing | undefined): { usage: Usage; costUsd: number } {
    const usage = usageOfCall(call);
    const costUsd = costOf(call, pricing);
    this.add(role, usage, costUsd);
    return { usage, costUsd };
  }

  /** Counts usage spent before this process started (a resumed task's earlier calls). */
  restore(prior: PriorUsage): void {
    this.add('coder', prior.byRole.coder, prior.costUsd);
    this.add('evaluator', prior.byRole.evaluator, 0);
  }

  private add(role: Role, usage: Usage, callCost: number): void {
    this.byRole[role] = addUsage(this.byRole[role], usage);
    this.cost += callCost;
  }

  get usageByRole(): UsageByRole {
    return { coder: { ...this.byRole.coder }, evaluator: { ...this.byRole.evaluator } };
  }

  get usage(): Usage {
    return addUsage(this.byRole.coder, this.byRole.evaluator);
  }

  get costUsd(): number {
    return roundUsd(this.cost);
  }

  /** What the task spent, for its budget. */
  get spent(): Spent {
    return { totalTokens: this.usage.totalTokens, costUsd: this.costUsd };
  }
}
