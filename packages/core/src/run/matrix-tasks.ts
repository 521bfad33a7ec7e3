import type { MatrixVariant } from '../config/schema.js';
import type { TaskDefinition } from '../tasks/task-definition.js';

/**
 * Each task once per variant, as `<taskId>@<variant>`: a task's variants next to each other, so
 * they run side by side and a partial run still compares them on the same tasks.
 */
export function matrixTasks(tasks: readonly TaskDefinition[], variants: readonly MatrixVariant[]): TaskDefinition[] {
  return tasks
    .flatMap((task) =>
      variants.map((variant) => ({ ...task, id: `${task.id}@${variant.name}`, variant: variant.name })),
    )
    .map((task, index) => ({ ...task, index }));
}
