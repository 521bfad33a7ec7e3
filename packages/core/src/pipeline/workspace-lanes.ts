import type { TaskDefinition } from '../tasks/task-definition.js';

/**
 * Groups tasks that share a folder into one lane, in task order; each lane runs its tasks one
 * after another, while lanes run side by side. Two agents editing the same files at once would
 * undo each other's work, and an evaluator would judge a half-done edit of the other task.
 */
export function workspaceLanes(
  tasks: readonly TaskDefinition[],
  sharedDirs: 'serial' | 'parallel',
): TaskDefinition[][] {
  if (sharedDirs === 'parallel') return tasks.map((task) => [task]);
  const lanes = new Map<string, TaskDefinition[]>();
  for (const task of tasks) {
    const lane = lanes.get(task.dir);
    if (lane) lane.push(task);
    else lanes.set(task.dir, [task]);
  }
  return [...lanes.values()];
}
