import type { TaskStore } from '../plugin/task-store.js';
import { gitDiff } from '../store/git-diff.js';
import type { TaskDefinition } from '../tasks/task-definition.js';

/**
 * Keeps the task's change as `diff.patch` where its folder is in a git repository (and changed):
 * against `base` (see `gitDiffBase`), so what was committed during the task is in it too; HEAD
 * without one.
 */
export async function saveDiff(store: TaskStore, task: TaskDefinition, base?: string): Promise<void> {
  const patch = await gitDiff(task.dir, base).catch(() => undefined);
  if (patch) await store.writeDiff(task.id, patch);
}
