import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempWorkspace } from './test-support/temp-workspace.js';
import { createWorkspace, WorkspacePathError } from './workspace.js';

describe('createWorkspace', () => {
  it('resolves the root with realpath', async () => {
    const { root, outside } = await createTempWorkspace();
    const link = path.join(outside, 'root-link');
    await symlink(root, link);
    const workspace = await createWorkspace(link);
    expect(workspace.root).toBe(root);
    expect(workspace.root).toBe(await realpath(link));
  });

  it('rejects a root that does not exist', async () => {
    const { outside } = await createTempWorkspace();
    await expect(createWorkspace(path.join(outside, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('Workspace.resolve', () => {
  it('maps empty path and "." to the root', async () => {
    const { workspace, root } = await createTempWorkspace();
    expect(await workspace.resolve('')).toBe(root);
    expect(await workspace.resolve('.')).toBe(root);
    expect(await workspace.resolve('./')).toBe(root);
  });

  it('resolves relative paths against the root, existing or not', async () => {
    const { workspace, root, write } = await createTempWorkspace();
    await write('src/a.ts', 'x');
    expect(await workspace.resolve('src/a.ts')).toBe(path.join(root, 'src/a.ts'));
    expect(await workspace.resolve('src/new/deep/file.ts')).toBe(path.join(root, 'src/new/deep/file.ts'));
    expect(await workspace.resolve('src/../src/a.ts')).toBe(path.join(root, 'src/a.ts'));
  });

  it('accepts an absolute path inside the root', async () => {
    const { workspace, root, write } = await createTempWorkspace();
    await write('a.txt', 'x');
    expect(await workspace.resolve(path.join(root, 'a.txt'))).toBe(path.join(root, 'a.txt'));
    expect(await workspace.resolve(root)).toBe(root);
  });

  it.each(['..', '../x', 'src/../../x', '/etc/passwd', '/'])('refuses %s', async (input) => {
    const { workspace } = await createTempWorkspace();
    const attempt = workspace.resolve(input);
    await expect(attempt).rejects.toBeInstanceOf(WorkspacePathError);
    await expect(workspace.resolve(input)).rejects.toThrow(/outside the workspace/);
  });

  it('refuses a sibling folder whose name starts with the root name', async () => {
    const { workspace, root } = await createTempWorkspace();
    await mkdir(`${root}-evil`);
    await expect(workspace.resolve(`${root}-evil/x`)).rejects.toBeInstanceOf(WorkspacePathError);
    await expect(workspace.resolve(`../${path.basename(root)}-evil/x`)).rejects.toBeInstanceOf(WorkspacePathError);
  });

  it('refuses a symlinked file that points outside', async () => {
    const { workspace, root, outside } = await createTempWorkspace();
    await writeFile(path.join(outside, 'secret'), 'secret');
    await symlink(path.join(outside, 'secret'), path.join(root, 'link'));
    await expect(workspace.resolve('link')).rejects.toThrow(/symbolic link/);
  });

  it('refuses paths below a symlinked folder that points outside, existing or not', async () => {
    const { workspace, root, outside } = await createTempWorkspace();
    await writeFile(path.join(outside, 'secret'), 'secret');
    await symlink(outside, path.join(root, 'dir-link'));
    await expect(workspace.resolve('dir-link')).rejects.toBeInstanceOf(WorkspacePathError);
    await expect(workspace.resolve('dir-link/secret')).rejects.toBeInstanceOf(WorkspacePathError);
    await expect(workspace.resolve('dir-link/new/file.txt')).rejects.toBeInstanceOf(WorkspacePathError);
  });

  it('refuses a dangling symlink whose target would be created outside', async () => {
    const { workspace, root, outside } = await createTempWorkspace();
    await symlink(path.join(outside, 'not-yet'), path.join(root, 'dangling'));
    await expect(workspace.resolve('dangling')).rejects.toBeInstanceOf(WorkspacePathError);
    await expect(workspace.resolve('dangling/child')).rejects.toBeInstanceOf(WorkspacePathError);
  });

  it('follows symlinks that stay inside, including dangling relative ones', async () => {
    const { workspace, root, write } = await createTempWorkspace();
    await write('real/a.txt', 'x');
    await symlink('real', path.join(root, 'alias'));
    await symlink('real/later.txt', path.join(root, 'later-link'));
    expect(await workspace.resolve('alias/a.txt')).toBe(path.join(root, 'real/a.txt'));
    expect(await workspace.resolve('later-link')).toBe(path.join(root, 'real/later.txt'));
  });

  it('reports a symlink loop as a path error', async () => {
    const { workspace, root } = await createTempWorkspace();
    await symlink('loop-b', path.join(root, 'loop-a'));
    await symlink('loop-a', path.join(root, 'loop-b'));
    await expect(workspace.resolve('loop-a/x')).rejects.toBeInstanceOf(WorkspacePathError);
  });

  it('refuses NUL bytes', async () => {
    const { workspace } = await createTempWorkspace();
    await expect(workspace.resolve('a\0b')).rejects.toBeInstanceOf(WorkspacePathError);
  });
});

describe('Workspace.relative', () => {
  it('gives workspace-relative paths with / separators', async () => {
    const { workspace, root } = await createTempWorkspace();
    expect(workspace.relative(path.join(root, 'src', 'a.ts'))).toBe('src/a.ts');
    expect(workspace.relative(root)).toBe('.');
  });
});
