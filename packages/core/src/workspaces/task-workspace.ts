/**
 * Where a task's agents work when not in its own folder (`run.workspace` other than `inplace`, which
 * needs no workspace of its own): `copy` in a copy of it inside the run folder, `worktree` in a git
 * worktree of its repository on a branch of its own.
 */
export type WorkspaceMode = 'copy' | 'worktree';

export interface WorkspaceRequest {
  mode: WorkspaceMode;
  /** The task's folder as configured (absolute). */
  sourceDir: string;
  /** A folder of the run folder that belongs to this workspace alone: the copy or checkout lives here. */
  stateDir: string;
  /** The branch of a worktree, e.g. `agentbatch/<runId>/<taskId>`. */
  branch: string;
  /** Folders a copy leaves out: the run folder, when it lies inside the task's folder. */
  exclude: readonly string[];
  /** Start from the original even when this workspace exists from an earlier session (`--retry-failed`). */
  fresh: boolean;
}

/** What applying a copy's change back to the original folder came to. */
export type ApplyBackOutcome =
  | { status: 'applied' }
  | { status: 'unchanged' }
  | { status: 'conflict'; message: string };

export interface TaskWorkspace {
  readonly mode: WorkspaceMode;
  /** The folder the agents work in (absolute). */
  readonly dir: string;
  /** The worktree's branch. */
  readonly branch?: string;
  /** The change so far against where the workspace started, as a git patch relative to `dir`; '' when none. */
  diff(): Promise<string>;
  /** Keeps the result: a commit on the branch (worktree); nothing elsewhere. */
  commit(message: string): Promise<void>;
  /** Removes the copy or the checkout (a worktree's branch stays). */
  remove(): Promise<void>;
}
