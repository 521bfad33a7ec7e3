import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, writeFiles } from '../test-support/temp-dir.js';
import { git } from './git.js';
import type { WorkspaceRequest } from './task-workspace.js';
import { WorktreeError, worktreeWorkspace } from './worktree-workspace.js';

async function repository() {
  const base = await makeTempDir();
  const repo = await writeFiles(path.join(base, 'repo'), { 'pkg/calc.js': 'a - b\n', 'README.md': 'r\n' });
  await git(['init', '-q', '-b', 'main'], { cwd: repo });
  await git(['add', '-A'], { cwd: repo });
  await git(['commit', '-q', '-m', 'start'], { cwd: repo });
  const request = (taskId: string): WorkspaceRequest => ({
    mode: 'worktree',
    sourceDir: path.join(repo, 'pkg'),
    stateDir: path.join(base, 'run/tasks', taskId),
    branch: `agentbatch/run-1/${taskId}`,
    exclude: [],
    fresh: false,
  });
  return { base, repo, request };
}

const status = async (repo: string) => (await git(['status', '--porcelain'], { cwd: repo })).stdout;

// Real git processes: slow on a busy machine.
describe('worktreeWorkspace', { timeout: 60_000 }, () => {
  it('gives two tasks on one repository their own worktrees; the branches keep the results', async () => {
    const { repo, request } = await repository();
    const [one, two] = await Promise.all([worktreeWorkspace(request('t1')), worktreeWorkspace(request('t2'))]);
    expect(one?.dir).toBe(path.join(request('t1').stateDir, 'checkout/pkg'));
    await writeFile(path.join(one?.dir as string, 'calc.js'), 'a + b\n');
    await writeFile(path.join(two?.dir as string, 'notes.md'), 'n\n');
    const patch = await one?.diff();
    expect(patch).toContain('--- a/calc.js');
    expect(patch).toContain('+a + b');
    expect(await two?.diff()).toContain('+++ b/notes.md');
    await Promise.all([one?.commit('task t1'), two?.commit('task t2')]);
    await Promise.all([one?.remove(), two?.remove()]);
    expect((await git(['show', 'agentbatch/run-1/t1:pkg/calc.js'], { cwd: repo })).stdout).toBe('a + b\n');
    expect((await git(['show', 'agentbatch/run-1/t2:pkg/notes.md'], { cwd: repo })).stdout).toBe('n\n');
    // The user's own tree: same branch, same files, nothing staged or changed.
    expect((await git(['branch', '--show-current'], { cwd: repo })).stdout.trim()).toBe('main');
    expect(await readFile(path.join(repo, 'pkg/calc.js'), 'utf8')).toBe('a - b\n');
    expect(await status(repo)).toBe('');
    expect((await git(['worktree', 'list'], { cwd: repo })).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('makes no commit when nothing changed', async () => {
    const { repo, request } = await repository();
    const workspace = await worktreeWorkspace(request('t1'));
    await workspace.commit('nothing');
    const log = await git(['log', '--format=%s', 'agentbatch/run-1/t1'], { cwd: repo });
    expect(log.stdout.trim()).toBe('start');
  });

  it('finds its worktree again when resumed, and starts the branch over when fresh', async () => {
    const { request } = await repository();
    const first = await worktreeWorkspace(request('t1'));
    await writeFile(path.join(first.dir, 'work.txt'), 'w\n');
    const resumed = await worktreeWorkspace(request('t1'));
    expect(existsSync(path.join(resumed.dir, 'work.txt'))).toBe(true);
    await resumed.commit('first try');
    const fresh = await worktreeWorkspace({ ...request('t1'), fresh: true });
    expect(existsSync(path.join(fresh.dir, 'work.txt'))).toBe(false);
    expect(await fresh.diff()).toBe('');
  });

  it('says clearly when a task folder is not in a repository or the repository has no commit', async () => {
    const base = await makeTempDir();
    const plain = await writeFiles(path.join(base, 'plain'), { 'a.txt': 'a' });
    const request = {
      mode: 'worktree',
      sourceDir: plain,
      stateDir: path.join(base, 's'),
      branch: 'b',
      exclude: [],
      fresh: false,
    } as const;
    await expect(worktreeWorkspace(request)).rejects.toThrow(WorktreeError);
    await expect(worktreeWorkspace(request)).rejects.toThrow(/not \(use copy, or git init it\)/);
    await git(['init', '-q'], { cwd: plain });
    await expect(worktreeWorkspace(request)).rejects.toThrow(/needs a commit to start from/);
  });
});
