import type { ChatMessage } from '../model/message.js';
import type { Verdict } from '../plugin/run-results.js';

/**
 * What a task needs to continue after its last finished iteration: both agents' conversations,
 * the coder's next instruction, and the time already spent. Written atomically to
 * `tasks/<taskId>/checkpoint.json` at the end of every iteration.
 */
export interface TaskCheckpoint {
  checkpointVersion: 1;
  taskId: string;
  /** Iterations finished. */
  iterations: number;
  /** The coder's next user message. */
  instruction: string;
  verdict: Verdict | null;
  /** Time the task has run so far, over all its sessions. */
  elapsedMs: number;
  coder: ChatMessage[];
  evaluator: ChatMessage[];
  /**
   * What the task's `diff.patch` is taken against when it works in its own folder in a git
   * repository: the commit the folder was at when the task first started (the empty tree before
   * the repository's first commit), so that what a `commit` stage committed is in it too.
   */
  diffBase?: string;
}
