import { gitDiff, gitDiffBase } from '../store/git-diff.js';
import type { TaskWorkspace } from './task-workspace.js';

/** The task's own folder, changed where it is: the original behaviour. Its change counts from where its repository is now. */
export async function inplaceWorkspace(dir: string): Promise<TaskWorkspace> {
  const base = await gitDiffBase(dir).catch(() => undefined);
  return {
    mode: 'inplace',
    dir,
    diff: async () => (await gitDiff(dir, base).catch(() => undefined)) ?? '',
    commit: async () => {},
    remove: async () => {},
  };
}
