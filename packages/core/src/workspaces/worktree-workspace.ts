import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git, oneAtATime } from './git.js';
import type { TaskWorkspace, WorkspaceRequest } from './task-workspace.js';

/** A task folder that cannot have a worktree, said so that the user can act on it. */
export class WorktreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorktreeError';
  }
}

/**
 * A git worktree of the task's repository in `<stateDir>/checkout`, on the task's own branch, made
 * from the repository's HEAD commit: tasks on one repository work side by side, the user's
 * working tree and index are never touched, and the branch keeps the result as a commit.
 * Uncommitted changes in the user's tree are not in the worktree.
 */
export async function worktreeWorkspace(request: WorkspaceRequest): Promise<TaskWorkspace> {
  const { top, prefix } = await repositoryOf(request.sourceDir);
  const checkout = path.join(request.stateDir, 'checkout');
  const baseFile = path.join(request.stateDir, 'base-commit');
  const reuse = !request.fresh && existsSync(baseFile) && existsSync(path.join(checkout, '.git'));
  if (!reuse) {
    await oneAtATime(top, async () => {
      if (existsSync(checkout))
        await git(['worktree', 'remove', '--force', checkout], { cwd: top, allowFailure: true });
      await rm(checkout, { recursive: true, force: true });
      await git(['worktree', 'prune'], { cwd: top });
      const head = await git(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { cwd: top, allowFailure: true });
      if (head.exitCode !== 0) {
        throw new WorktreeError(`run.workspace: worktree needs a commit to start from; ${top} has none yet`);
      }
      const base = head.stdout.trim();
      // -B: a retried task starts its branch over from the current HEAD.
      await git(['worktree', 'add', '-q', '-B', request.branch, checkout, base], { cwd: top });
      await writeFile(baseFile, `${base}\n`);
    });
  }
  const base = (await readFile(baseFile, 'utf8')).trim();
  const dir = path.resolve(checkout, prefix);
  return {
    mode: 'worktree',
    dir,
    branch: request.branch,
    async diff() {
      await git(['add', '-A', '--', '.'], { cwd: dir });
      return (await git(['diff', '--cached', '--no-color', '--binary', '--relative', base, '--', '.'], { cwd: dir }))
        .stdout;
    },
    async commit(message) {
      await git(['add', '-A'], { cwd: checkout });
      const staged = await git(['diff', '--cached', '--quiet'], { cwd: checkout, allowFailure: true });
      if (staged.exitCode === 0) return;
      await git(['commit', '-q', '--no-verify', '-m', message], { cwd: checkout });
    },
    remove: () =>
      oneAtATime(top, async () => {
        await git(['worktree', 'remove', '--force', checkout], { cwd: top, allowFailure: true });
        await rm(checkout, { recursive: true, force: true });
        await git(['worktree', 'prune'], { cwd: top });
      }),
  };
}

/** Points `branch` at `target` (a branch or commit) in the repository holding `sourceDir`. */
export async function pointBranch(sourceDir: string, branch: string, target: string): Promise<void> {
  const { top } = await repositoryOf(sourceDir);
  await oneAtATime(top, () => git(['branch', '-f', branch, target], { cwd: top }));
}

async function repositoryOf(dir: string): Promise<{ top: string; prefix: string }> {
  const found = await git(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: dir, allowFailure: true });
  if (found.exitCode !== 0) {
    throw new WorktreeError(
      `run.workspace: worktree needs every task folder inside a git repository; ${dir} is not (use copy, or git init it)`,
    );
  }
  const [top = '', prefix = ''] = found.stdout.split('\n');
  return { top, prefix };
}
