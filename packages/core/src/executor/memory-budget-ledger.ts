import { addUsage, emptyUsage, type Usage } from '../model/usage.js';
import type { BudgetLedger, Charge, Spent } from '../plugin/budget-ledger.js';
import { roundUsd } from '../store/summarize-results.js';

/** The run's spending in this process: the ledger of a local run. */
export class MemoryBudgetLedger implements BudgetLedger {
  private usage: Usage = emptyUsage();
  private cost = 0;

  /** @param before what the run spent before this session (a resumed run's finished and started tasks). */
  constructor(before: { usage: Usage; costUsd: number }[] = []) {
    for (const spent of before) this.add(spent.usage, spent.costUsd);
  }

  async charge({ usage, costUsd }: Charge): Promise<void> {
    this.add(usage, costUsd);
  }

  async spent(): Promise<Spent> {
    return { totalTokens: this.usage.totalTokens, costUsd: roundUsd(this.cost) };
  }

  private add(usage: Usage, costUsd: number): void {
    this.usage = addUsage(this.usage, usage);
    this.cost += costUsd;
  }
}
