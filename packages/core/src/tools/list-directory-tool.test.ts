import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDirectoryTool } from './list-directory-tool.js';
import { createTempWorkspace } from './test-support/temp-workspace.js';

describe('list_directory', () => {
  it('lists the root sorted, directories marked with /', async () => {
    const { context, write, root } = await createTempWorkspace();
    await write('b.txt', 'b');
    await write('a.txt', 'a');
    await write('src/index.ts', '');
    await write('.hidden', '');
    await mkdir(path.join(root, 'node_modules'));
    await symlink('src', path.join(root, 'src-link'));

    const output = await listDirectoryTool.execute({}, context);
    expect(output.isError).toBeUndefined();
    expect(output.content.split('\n')).toEqual(['.hidden', 'a.txt', 'b.txt', 'node_modules/', 'src-link/', 'src/']);
    expect(output.summary).toBe('list_directory . (6 entries)');
  });

  it('lists a subdirectory', async () => {
    const { context, write } = await createTempWorkspace();
    await write('src/lib/x.ts', '');
    await write('src/main.ts', '');
    const output = await listDirectoryTool.execute({ path: 'src' }, context);
    expect(output.content).toBe('lib/\nmain.ts');
    expect(output.summary).toBe('list_directory src (2 entries)');
  });

  it('says when a directory is empty', async () => {
    const { context, root } = await createTempWorkspace();
    await mkdir(path.join(root, 'empty'));
    const output = await listDirectoryTool.execute({ path: 'empty' }, context);
    expect(output.content).toBe('empty is empty.');
  });

  it('caps the listing at 1000 entries with a note', async () => {
    const { context, root } = await createTempWorkspace();
    await mkdir(path.join(root, 'many'));
    await Promise.all(
      Array.from({ length: 1005 }, (_, i) => writeFile(path.join(root, 'many', `f${String(i).padStart(4, '0')}`), '')),
    );
    const output = await listDirectoryTool.execute({ path: 'many' }, context);
    const lines = output.content.split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines[999]).toBe('f0999');
    expect(lines[1000]).toMatch(/5 more entries not shown/);
    expect(output.summary).toBe('list_directory many (1005 entries)');
  });

  it('returns errors for missing paths, files, and paths outside', async () => {
    const { context, write, root, outside } = await createTempWorkspace();
    await write('file.txt', '');
    await symlink(outside, path.join(root, 'out'));

    const missing = await listDirectoryTool.execute({ path: 'nope' }, context);
    expect(missing).toMatchObject({ isError: true, content: 'No such file or directory: nope' });
    const file = await listDirectoryTool.execute({ path: 'file.txt' }, context);
    expect(file).toMatchObject({ isError: true, content: 'Not a directory: file.txt' });
    const parent = await listDirectoryTool.execute({ path: '..' }, context);
    expect(parent.isError).toBe(true);
    expect(parent.content).toMatch(/outside the workspace/);
    const viaLink = await listDirectoryTool.execute({ path: 'out' }, context);
    expect(viaLink.isError).toBe(true);
    expect(viaLink.content).toMatch(/symbolic link/);
  });
});
