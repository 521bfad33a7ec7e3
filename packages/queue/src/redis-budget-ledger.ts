import {
  addUsage,
  type BudgetLedger,
  type Charge,
  emptyUsage,
  type PriorUsage,
  type Spent,
  type Usage,
} from '@agentbatch/core';
import type { Redis } from 'ioredis';
import type { RunKeys } from './run-keys.js';

const usageFields = ['calls', 'inputTokens', 'outputTokens', 'cachedInputTokens', 'reasoningTokens'] as const;

/**
 * The run's spending in Redis: every model call of every worker is charged when it ends, to the
 * run (for the run budget) and to its task by role (so a worker that takes over a task whose
 * worker died knows what it already spent).
 */
export class RedisBudgetLedger implements BudgetLedger {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RunKeys,
  ) {}

  /** Starts the run's spending from what its earlier sessions spent. */
  async reset(before: { usage: Usage; costUsd: number }[]): Promise<void> {
    const usage = before.reduce((sum, spent) => addUsage(sum, spent.usage), emptyUsage());
    const costUsd = before.reduce((sum, spent) => sum + spent.costUsd, 0);
    await this.redis.hset(this.keys.ledger, { totalTokens: usage.totalTokens, costUsd });
  }

  async charge({ taskId, role, usage, costUsd }: Charge): Promise<void> {
    const task = this.keys.taskUsage(taskId);
    const multi = this.redis.multi();
    multi.hincrby(this.keys.ledger, 'totalTokens', usage.totalTokens);
    multi.hincrbyfloat(this.keys.ledger, 'costUsd', costUsd);
    for (const field of usageFields) multi.hincrby(task, `${role}.${field}`, usage[field]);
    multi.hincrbyfloat(task, 'costUsd', costUsd);
    await multi.exec();
  }

  async spent(): Promise<Spent> {
    const [tokens, cost] = await this.redis.hmget(this.keys.ledger, 'totalTokens', 'costUsd');
    return { totalTokens: Number(tokens ?? 0), costUsd: Math.round(Number(cost ?? 0) * 1e6) / 1e6 };
  }

  /** What the task spent in this session of the run (by workers that may have died since). */
  async taskUsage(taskId: string): Promise<PriorUsage | undefined> {
    const fields = await this.redis.hgetall(this.keys.taskUsage(taskId));
    if (Object.keys(fields).length === 0) return undefined;
    const roleUsage = (role: 'coder' | 'evaluator'): Usage => {
      const usage = emptyUsage();
      for (const field of usageFields) usage[field] = Number(fields[`${role}.${field}`] ?? 0);
      usage.totalTokens = usage.inputTokens + usage.outputTokens;
      return usage;
    };
    return {
      byRole: { coder: roleUsage('coder'), evaluator: roleUsage('evaluator') },
      costUsd: Number(fields.costUsd ?? 0),
    };
  }
}
