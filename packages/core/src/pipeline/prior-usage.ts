import { addUsage, emptyUsage } from '../model/usage.js';
import type { ModelCallEndEvent, RunEvent } from '../plugin/run-event.js';
import type { PriorUsage } from '../plugin/task-executor.js';

/**
 * What each task already spent in earlier sessions of its run, from the `model-call-end` events
 * recorded for it: exact, and it includes calls of an iteration that a crash cut short. By task
 * id, or by what `keyOf` makes of an event (undefined: not counted).
 */
export function priorUsageFromEvents(
  events: readonly RunEvent[],
  keyOf: (event: ModelCallEndEvent) => string | undefined = (event) => event.taskId,
): Map<string, PriorUsage> {
  const byTask = new Map<string, PriorUsage>();
  for (const event of events) {
    if (event.type !== 'model-call-end') continue;
    const key = keyOf(event);
    if (key === undefined) continue;
    let prior = byTask.get(key);
    if (!prior) {
      prior = { byRole: { coder: emptyUsage(), evaluator: emptyUsage() }, costUsd: 0 };
      byTask.set(key, prior);
    }
    prior.byRole[event.role] = addUsage(prior.byRole[event.role], event.usage);
    prior.costUsd += event.costUsd;
  }
  return byTask;
}
