import { gitDiff } from '../store/git-diff.js';
import type { TaskWorkspace } from './task-workspace.js';

/** The task's own folder, changed where it is: the original behaviour. */
export function inplaceWorkspace(dir: string): TaskWorkspace {
  return {
    mode: 'inplace',
    dir,
    diff: async () => (await gitDiff(dir).catch(() => undefined)) ?? '',
    commit: async () => {},
    remove: async () => {},
  };
}
