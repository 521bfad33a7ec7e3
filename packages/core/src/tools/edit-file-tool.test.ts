import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editFileTool } from './edit-file-tool.js';
import { createTempWorkspace } from './test-support/temp-workspace.js';

describe('edit_file', () => {
  it('replaces a unique occurrence', async () => {
    const { context, write, read } = await createTempWorkspace();
    await write('a.ts', 'const a = 1;\nconst b = 2;\n');
    const output = await editFileTool.execute({ path: 'a.ts', old_string: 'b = 2', new_string: 'b = 3' }, context);
    expect(output).toEqual({
      content: 'Edited a.ts: 1 replacement, the first at line 2.',
      summary: 'edit_file a.ts (1 replacement)',
    });
    expect(await read('a.ts')).toBe('const a = 1;\nconst b = 3;\n');
  });

  it('refuses several occurrences without replace_all and says how many', async () => {
    const { context, write, read } = await createTempWorkspace();
    await write('a.ts', 'x;\nx;\nx;\n');
    const output = await editFileTool.execute({ path: 'a.ts', old_string: 'x;', new_string: 'y;' }, context);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/occurs 3 times/);
    expect(output.content).toMatch(/replace_all/);
    expect(await read('a.ts')).toBe('x;\nx;\nx;\n');
  });

  it('replaces every occurrence with replace_all', async () => {
    const { context, write, read } = await createTempWorkspace();
    await write('a.ts', 'x;\nx;\nx;\n');
    const output = await editFileTool.execute(
      { path: 'a.ts', old_string: 'x;', new_string: 'y;', replace_all: true },
      context,
    );
    expect(output.summary).toBe('edit_file a.ts (3 replacements)');
    expect(await read('a.ts')).toBe('y;\ny;\ny;\n');
  });

  it('refuses when old_string is missing, empty, or equal to new_string', async () => {
    const { context, write, read } = await createTempWorkspace();
    await write('a.ts', 'hello\n');
    const missing = await editFileTool.execute({ path: 'a.ts', old_string: 'Hello', new_string: 'bye' }, context);
    expect(missing.isError).toBe(true);
    expect(missing.content).toMatch(/not found in a.ts/);
    const same = await editFileTool.execute({ path: 'a.ts', old_string: 'hello', new_string: 'hello' }, context);
    expect(same.isError).toBe(true);
    expect(same.content).toMatch(/identical/);
    const empty = await editFileTool.execute({ path: 'a.ts', old_string: '', new_string: 'x' }, context);
    expect(empty.isError).toBe(true);
    expect(empty.content).toMatch(/write_file/);
    expect(await read('a.ts')).toBe('hello\n');
  });

  it('inserts new_string literally, without $ replacement patterns', async () => {
    const { context, write, read } = await createTempWorkspace();
    await write('a.js', 'const price = PRICE;\n');
    await editFileTool.execute({ path: 'a.js', old_string: 'PRICE', new_string: "`$&` + '$1' + $$" }, context);
    expect(await read('a.js')).toBe("const price = `$&` + '$1' + $$;\n");
  });

  it('matches LF text against a CRLF file and keeps CRLF', async () => {
    const { context, write, read } = await createTempWorkspace();
    await write('win.txt', 'one\r\ntwo\r\nthree\r\n');
    const output = await editFileTool.execute({ path: 'win.txt', old_string: 'one\ntwo', new_string: '1\n2' }, context);
    expect(output.isError).toBeUndefined();
    expect(await read('win.txt')).toBe('1\r\n2\r\nthree\r\n');
  });

  it('returns errors for missing files and paths outside', async () => {
    const { context, root, outside } = await createTempWorkspace();
    await writeFile(path.join(outside, 'target.txt'), 'keep me');
    await symlink(path.join(outside, 'target.txt'), path.join(root, 'link.txt'));
    const missing = await editFileTool.execute({ path: 'nope.ts', old_string: 'a', new_string: 'b' }, context);
    expect(missing).toMatchObject({ isError: true, content: 'No such file or directory: nope.ts' });
    const viaLink = await editFileTool.execute({ path: 'link.txt', old_string: 'keep', new_string: 'lose' }, context);
    expect(viaLink.isError).toBe(true);
    expect(viaLink.content).toMatch(/symbolic link/);
  });
});
