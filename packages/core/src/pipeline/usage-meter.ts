import { costOf, type Pricing } from '../model/pricing.js';
import { addUsage, type CallUsage, emptyUsage, type Usage, usageOfCall } from '../model/usage.js';
import type { Role, UsageByRole } from '../plugin/run-results.js';
import { roundUsd } from '../store/summarize-results.js';
import type { PriorUsage } from './prior-usage.js';

/** Sums usage and cost per role; one per task, and one for the whole run (for budgets). */
export class UsageMeter {
  private readonly byRole: UsageByRole = { coder: emptyUsage(), evaluator: emptyUsage() };
  private cost = 0;

  constructor(private readonly parent?: UsageMeter) {}

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
    this.parent?.add(role, usage, callCost);
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
}
