import { addUsage, emptyUsage } from '../model/usage.js';
import type { RunSummary, TaskCounts, TaskResult, UsageByRole, VariantSummary } from '../plugin/run-results.js';

export function emptyUsageByRole(): UsageByRole {
  return { coder: emptyUsage(), evaluator: emptyUsage() };
}

/** `total` tasks, none of them ended yet. */
function taskCounts(total: number): TaskCounts {
  return { total, completed: 0, incomplete: 0, failed: 0, error: 0, timeout: 0, cancelled: 0 };
}

export function summarizeTasks(tasks: readonly TaskResult[]): RunSummary {
  const summary: RunSummary = {
    ...taskCounts(tasks.length),
    usage: emptyUsage(),
    usageByRole: emptyUsageByRole(),
    costUsd: 0,
  };
  for (const task of tasks) {
    summary[task.status]++;
    summary.usage = addUsage(summary.usage, task.usage);
    summary.usageByRole.coder = addUsage(summary.usageByRole.coder, task.usageByRole.coder);
    summary.usageByRole.evaluator = addUsage(summary.usageByRole.evaluator, task.usageByRole.evaluator);
    summary.costUsd += task.costUsd;
  }
  summary.costUsd = roundUsd(summary.costUsd);
  const byVariant = summarizeVariants(tasks);
  return byVariant ? { ...summary, byVariant } : summary;
}

/** Each `matrix:` variant's totals, in the order its tasks come; undefined when no task has a variant. */
function summarizeVariants(tasks: readonly TaskResult[]): Record<string, VariantSummary> | undefined {
  const byVariant: Record<string, VariantSummary> = {};
  for (const task of [...tasks].sort((a, b) => a.index - b.index)) {
    if (task.variant === undefined) continue;
    const variant = byVariant[task.variant] ?? {
      ...taskCounts(0),
      iterations: 0,
      usage: emptyUsage(),
      usageByRole: emptyUsageByRole(),
      costUsd: 0,
      durationMs: 0,
    };
    byVariant[task.variant] = variant;
    variant.total++;
    variant[task.status]++;
    variant.iterations += task.iterations;
    variant.usage = addUsage(variant.usage, task.usage);
    variant.usageByRole = {
      coder: addUsage(variant.usageByRole.coder, task.usageByRole.coder),
      evaluator: addUsage(variant.usageByRole.evaluator, task.usageByRole.evaluator),
    };
    variant.costUsd = roundUsd(variant.costUsd + task.costUsd);
    variant.durationMs += task.durationMs;
  }
  return Object.keys(byVariant).length > 0 ? byVariant : undefined;
}

/** Micro-dollar precision: enough for per-call costs, free of float noise in the JSON. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
