import { copyWorkspace } from './copy-workspace.js';
import type { TaskWorkspace, WorkspaceRequest } from './task-workspace.js';
import { worktreeWorkspace } from './worktree-workspace.js';

/** Makes (or, for a resumed task, finds again) the workspace a task's agents work in. */
export function prepareWorkspace(request: WorkspaceRequest): Promise<TaskWorkspace> {
  switch (request.mode) {
    case 'copy':
      return copyWorkspace(request);
    case 'worktree':
      return worktreeWorkspace(request);
  }
}
