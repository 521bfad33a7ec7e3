import { addUsage, emptyUsage } from '../model/usage.js';
import type { RunSummary, TaskResult, UsageByRole } from '../plugin/run-results.js';

export function emptyUsageByRole(): UsageByRole {
  return { coder: emptyUsage(), evaluator: emptyUsage() };
}

export function summarizeTasks(tasks: readonly TaskResult[]): RunSummary {
  const summary: RunSummary = {
    total: tasks.length,
    completed: 0,
    incomplete: 0,
    failed: 0,
    error: 0,
    timeout: 0,
    cancelled: 0,
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
  return summary;
}

/** Micro-dollar precision: enough for per-call costs, free of float noise in the JSON. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
