import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { copyFolder } from './copy-folder.js';
import { git } from './git.js';
import type { TaskWorkspace, WorkspaceRequest } from './task-workspace.js';

/**
 * A copy of the task's folder in `<stateDir>/workspace`, with a snapshot of how it started in a
 * repository kept beside it (`<stateDir>/baseline.git`, out of the agents' sight), so its change is
 * a real git patch whether or not the original is a repository. The original is only read;
 * `applyPatch` brings a change back to it.
 */
export async function copyWorkspace(request: WorkspaceRequest): Promise<TaskWorkspace> {
  const dir = path.join(request.stateDir, 'workspace');
  const baseline = path.join(request.stateDir, 'baseline.git');
  const gitEnv = { GIT_DIR: baseline, GIT_WORK_TREE: dir };
  const remove = async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(baseline, { recursive: true, force: true });
  };
  const reuse = !request.fresh && existsSync(path.join(baseline, 'HEAD')) && existsSync(dir);
  if (!reuse) {
    await remove();
    await copyFolder(request.sourceDir, dir, request.exclude);
    await git(['init', '-q', '--bare', baseline], { cwd: request.stateDir });
    // Files the original's .gitignore leaves out (node_modules, build output) are not part of the change.
    await git(['add', '-A'], { cwd: dir, env: gitEnv });
    await git(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'baseline'], { cwd: dir, env: gitEnv });
  }
  return {
    mode: 'copy',
    dir,
    async diff() {
      await git(['add', '-A'], { cwd: dir, env: gitEnv });
      return (await git(['diff', '--cached', '--no-color', '--binary', 'HEAD'], { cwd: dir, env: gitEnv })).stdout;
    },
    commit: async () => {},
    remove,
  };
}
