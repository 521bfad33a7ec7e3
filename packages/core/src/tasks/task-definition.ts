export interface TaskDefinition {
  /** Stable across runs of the same task list: given, or a hash of dir and prompt. */
  id: string;
  /** Position in the task list, from 0. */
  index: number;
  /** Absolute path of the task's workspace. */
  dir: string;
  prompt: string;
  /** The `matrix:` variant it runs under; its id is then `<taskId>@<variant>`. */
  variant?: string;
}
