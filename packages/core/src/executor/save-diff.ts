import type { TaskStore } from '../plugin/task-store.js';
import { gitDiff } from '../store/git-diff.js';
import type { TaskDefinition } from '../tasks/task-definition.js';

/** Keeps the task's change as `diff.patch` where its folder is in a git repository (and changed). */
export async function saveDiff(store: TaskStore, task: TaskDefinition): Promise<void> {
  const patch = await gitDiff(task.dir).catch(() => undefined);
  if (patch) await store.writeDiff(task.id, patch);
}
