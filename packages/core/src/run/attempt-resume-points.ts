import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { priorUsageFromEvents } from '../pipeline/prior-usage.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { TaskResult } from '../plugin/run-results.js';
import type { AttemptResumePoint } from '../plugin/task-executor.js';
import { attemptKey } from '../store/attempt-key.js';
import type { RunStore } from '../store/run-store.js';

/**
 * Where the attempts an earlier session started pick up, task by task: each from its own last
 * checkpoint, with what it spent; an attempt that had ended when the run was stopped keeps its
 * result and change. (After a crash no attempt is known to have ended, since only the task's
 * result records its attempts: each continues from its last checkpoint.)
 */
export function attemptResumePoints(
  store: RunStore,
  events: readonly RunEvent[],
): (taskId: string, previous: TaskResult | undefined) => AttemptResumePoint[] | undefined {
  const prior = priorUsageFromEvents(events, (event) =>
    event.taskAttempt === undefined ? undefined : attemptKey(event.taskId, event.taskAttempt),
  );
  const started = new Map<string, Set<number>>();
  for (const event of events) {
    if (event.type !== 'task-start' || event.taskAttempt === undefined) continue;
    const attempts = started.get(event.taskId) ?? new Set();
    started.set(event.taskId, attempts.add(event.taskAttempt));
  }
  return (taskId, previous) => {
    const attempts = new Set([...(started.get(taskId) ?? []), ...(previous?.attempts ?? []).map((a) => a.attempt)]);
    if (attempts.size === 0) return undefined;
    return [...attempts]
      .sort((a, b) => a - b)
      .map((attempt) => {
        const key = attemptKey(taskId, attempt);
        const ended = previous?.attempts?.find((old) => old.attempt === attempt && old.status !== 'cancelled');
        return {
          attempt,
          checkpoint: store.readCheckpoint(key),
          prior: prior.get(key),
          ...(ended && { ended: { result: ended, patch: readPatch(store.runDir, key) } }),
        };
      });
  };
}

function readPatch(runDir: string, key: string): string {
  const file = join(runDir, 'tasks', key, 'diff.patch');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
