import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.js';
import { gitDiff, gitDiffBase } from './git-diff.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
}

/** A git repository with one commit of `files`. */
async function repo(files: Record<string, string>): Promise<string> {
  const root = await makeTempDir();
  git(root, 'init', '-q');
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial');
  return root;
}

/** The file of each `diff --git a/<file> b/<file>` header. */
const changedPaths = (patch: string) => [...patch.matchAll(/^diff --git a\/(.+) b\/\1$/gm)].map((match) => match[1]);

describe('gitDiff', () => {
  it('returns undefined for a folder that is not in a git repository', async () => {
    expect(await gitDiff(await makeTempDir())).toBeUndefined();
  });

  it('returns an empty patch for a clean repository', async () => {
    expect(await gitDiff(await repo({ 'a.txt': 'a\n' }))).toBe('');
  });

  it('includes modified, deleted and new (untracked) files', async () => {
    const root = await repo({ 'keep.txt': 'one\n', 'gone.txt': 'bye\n', '.gitignore': 'ignored.log\n' });
    await writeFile(path.join(root, 'keep.txt'), 'one\ntwo\n');
    await rm(path.join(root, 'gone.txt'));
    await mkdir(path.join(root, 'src'));
    await writeFile(path.join(root, 'src', 'new file.py'), 'print("hi")\n');
    await writeFile(path.join(root, 'ignored.log'), 'noise\n');
    const patch = (await gitDiff(root)) ?? '';
    expect(patch).toContain('+two');
    expect(patch).toContain('deleted file mode');
    expect(patch).toContain('-bye');
    expect(patch).toContain('new file mode');
    expect(patch).toContain('+print("hi")');
    expect(patch).not.toContain('noise');
    expect(changedPaths(patch).sort()).toEqual(['gone.txt', 'keep.txt', 'src/new file.py']);
  });

  it('changes nothing in the repository: untracked files stay untracked, nothing is staged', async () => {
    const root = await repo({ 'a.txt': 'a\n' });
    await writeFile(path.join(root, 'a.txt'), 'b\n');
    await writeFile(path.join(root, 'new.txt'), 'new\n');
    const before = git(root, 'status', '--porcelain');
    await gitDiff(root);
    expect(git(root, 'status', '--porcelain')).toBe(before);
    expect(before).toContain(' M a.txt');
    expect(before).toContain('?? new.txt');
  });

  it('gives a patch that recreates the changes in a clean clone', async () => {
    const root = await repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    await writeFile(path.join(root, 'a.txt'), 'a\nmore\n');
    await writeFile(path.join(root, 'c.txt'), 'c\n');
    const patchFile = path.join(await makeTempDir(), 'diff.patch');
    await writeFile(patchFile, (await gitDiff(root)) ?? '');
    const clone = path.join(await makeTempDir(), 'clone');
    git(path.dirname(clone), 'clone', '-q', root, clone);
    git(clone, 'apply', patchFile);
    expect(await readFile(path.join(clone, 'a.txt'), 'utf8')).toBe('a\nmore\n');
    expect(await readFile(path.join(clone, 'c.txt'), 'utf8')).toBe('c\n');
  });

  it('covers only the task folder when it is a subfolder of a repository', async () => {
    const root = await repo({ 'task/a.txt': 'a\n', 'other/b.txt': 'b\n' });
    await writeFile(path.join(root, 'task', 'a.txt'), 'changed\n');
    await writeFile(path.join(root, 'other', 'b.txt'), 'changed\n');
    await writeFile(path.join(root, 'other', 'new.txt'), 'x\n');
    const patch = (await gitDiff(path.join(root, 'task'))) ?? '';
    expect(patch).toContain('+changed');
    expect(patch).not.toContain('b.txt');
    expect(patch).not.toContain('new.txt');
  });

  it('names every file from the same root when the task is a subfolder of a repository', async () => {
    const root = await repo({ 'task/a.txt': 'a\n' });
    await writeFile(path.join(root, 'task', 'a.txt'), 'changed\n');
    await writeFile(path.join(root, 'task', 'new.txt'), 'new\n');
    const paths = changedPaths((await gitDiff(path.join(root, 'task'))) ?? '');
    expect(paths).toHaveLength(2);
    const fromRoot = paths.filter((file) => file?.startsWith('task/'));
    expect(fromRoot.length === 0 || fromRoot.length === paths.length).toBe(true);
  });

  it('shows against the base what was committed since as well as what was not, and HEAD only the rest', async () => {
    const root = await repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const base = await gitDiffBase(root);
    expect(base).toBe(git(root, 'rev-parse', 'HEAD').trim());
    // As a commit stage does after an iteration, then more work after it.
    await writeFile(path.join(root, 'a.txt'), 'a\ncommitted\n');
    await writeFile(path.join(root, 'new.txt'), 'new\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'agentbatch: iteration 1');
    await writeFile(path.join(root, 'b.txt'), 'b\nlater\n');
    await writeFile(path.join(root, 'untracked.txt'), 'u\n');

    const patch = (await gitDiff(root, base)) ?? '';
    expect(changedPaths(patch).sort()).toEqual(['a.txt', 'b.txt', 'new.txt', 'untracked.txt']);
    expect(patch).toContain('+committed');
    expect(changedPaths((await gitDiff(root)) ?? '').sort()).toEqual(['b.txt', 'untracked.txt']);

    // The patch recreates the whole change on the base.
    const patchFile = path.join(await makeTempDir(), 'diff.patch');
    await writeFile(patchFile, patch);
    const clone = path.join(await makeTempDir(), 'clone');
    git(path.dirname(clone), 'clone', '-q', root, clone);
    git(clone, 'checkout', '-q', base ?? '');
    git(clone, 'apply', patchFile);
    expect(await readFile(path.join(clone, 'a.txt'), 'utf8')).toBe('a\ncommitted\n');
    expect(await readFile(path.join(clone, 'untracked.txt'), 'utf8')).toBe('u\n');
  });

  it('takes the empty tree as the base of a repository without a commit, and none outside a repository', async () => {
    const root = await makeTempDir();
    git(root, 'init', '-q');
    const base = await gitDiffBase(root);
    expect(base).toBe(git(root, 'hash-object', '-t', 'tree', '/dev/null').trim());
    await writeFile(path.join(root, 'first.txt'), 'first\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'first');
    await writeFile(path.join(root, 'second.txt'), 'second\n');
    expect(changedPaths((await gitDiff(root, base)) ?? '').sort()).toEqual(['first.txt', 'second.txt']);
    expect(await gitDiffBase(await makeTempDir())).toBeUndefined();
  });

  it('lists new files in a repository without any commit yet', async () => {
    const root = await makeTempDir();
    git(root, 'init', '-q');
    await writeFile(path.join(root, 'first.txt'), 'first\n');
    const patch = (await gitDiff(root)) ?? '';
    expect(patch).toContain('+first');
  });
});
