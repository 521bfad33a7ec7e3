import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.js';
import { gitDiff } from './git-diff.js';

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

  it('lists new files in a repository without any commit yet', async () => {
    const root = await makeTempDir();
    git(root, 'init', '-q');
    await writeFile(path.join(root, 'first.txt'), 'first\n');
    const patch = (await gitDiff(root)) ?? '';
    expect(patch).toContain('+first');
  });
});
