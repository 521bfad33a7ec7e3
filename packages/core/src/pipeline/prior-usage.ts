import { addUsage, emptyUsage } from '../model/usage.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { PriorUsage } from '../plugin/task-executor.js';

/**
 * What a task already spent in earlier sessions of its run, from the `model-call-end` events
 * recorded for it: exact, and it includes calls of an iteration that a crash cut short.
 */
export function priorUsageFromEvents(events: readonly RunEvent[]): Map<string, PriorUsage> {
  const byTask = new Map<string, PriorUsage>();
  for (const event of events) {
    if (event.type !== 'model-call-end') continue;
    let prior = byTask.get(event.taskId);
    if (!prior) {
      prior = { byRole: { coder: emptyUsage(), evaluator: emptyUsage() }, costUsd: 0 };
      byTask.set(event.taskId, prior);
    }
    prior.byRole[event.role] = addUsage(prior.byRole[event.role], event.usage);
    prior.costUsd += event.costUsd;
  }
  return byTask;
}
