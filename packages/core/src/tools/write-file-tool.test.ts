import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempWorkspace } from './test-support/temp-workspace.js';
import { writeFileTool } from './write-file-tool.js';

describe('write_file', () => {
  it('creates a file and its parent directories', async () => {
    const { context, read } = await createTempWorkspace();
    const output = await writeFileTool.execute({ path: 'src/deep/a.ts', content: 'one\ntwo\nthree\n' }, context);
    expect(output).toEqual({
      content: 'Created src/deep/a.ts (3 lines).',
      summary: 'write_file src/deep/a.ts (3 lines)',
    });
    expect(await read('src/deep/a.ts')).toBe('one\ntwo\nthree\n');
  });

  it('overwrites an existing file and counts a last line without newline', async () => {
    const { context, write, read } = await createTempWorkspace();
    await write('a.txt', 'old content that is longer');
    const output = await writeFileTool.execute({ path: 'a.txt', content: 'new' }, context);
    expect(output.content).toBe('Overwrote a.txt (1 line).');
    expect(await read('a.txt')).toBe('new');
  });

  it('writes an empty file', async () => {
    const { context, read } = await createTempWorkspace();
    expect((await writeFileTool.execute({ path: 'empty', content: '' }, context)).summary).toBe(
      'write_file empty (0 lines)',
    );
    expect(await read('empty')).toBe('');
  });

  it('refuses to write over a directory', async () => {
    const { context, root } = await createTempWorkspace();
    await mkdir(path.join(root, 'dir'));
    const output = await writeFileTool.execute({ path: 'dir', content: 'x' }, context);
    expect(output).toMatchObject({ isError: true, content: 'dir is a directory.' });
  });

  it('never writes outside the workspace', async () => {
    const { context, root, outside } = await createTempWorkspace();
    await symlink(outside, path.join(root, 'out'));
    await symlink(path.join(outside, 'created-through-link'), path.join(root, 'dangling'));
    for (const target of ['../outside/escape.txt', path.join(outside, 'escape.txt'), 'out/escape.txt', 'dangling']) {
      const output = await writeFileTool.execute({ path: target, content: 'pwned' }, context);
      expect(output.isError).toBe(true);
      expect(output.content).toMatch(/outside the workspace/);
    }
    await expect(readFile(path.join(outside, 'escape.txt'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(path.join(outside, 'created-through-link'))).rejects.toThrow(/ENOENT/);
  });
});
