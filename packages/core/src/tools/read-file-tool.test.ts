import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileTool } from './read-file-tool.js';
import { createTempWorkspace } from './test-support/temp-workspace.js';

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n');

describe('read_file', () => {
  it('returns the text with cat -n style line numbers', async () => {
    const { context, write } = await createTempWorkspace();
    await write('a.txt', 'first\n\tsecond\n');
    const output = await readFileTool.execute({ path: 'a.txt' }, context);
    expect(output.isError).toBeUndefined();
    expect(output.content).toBe('     1\tfirst\n     2\t\tsecond');
    expect(output.summary).toBe('read_file a.txt (lines 1-2 of 2)');
  });

  it('reads from offset for limit lines and says how to read more', async () => {
    const { context, write } = await createTempWorkspace();
    await write('big.txt', numbered(50));
    const output = await readFileTool.execute({ path: 'big.txt', offset: 10, limit: 3 }, context);
    expect(output.content).toBe(
      '    10\tline 10\n    11\tline 11\n    12\tline 12\n' +
        '[Showing lines 10-12 of 50. To read more, call read_file with offset=13.]',
    );
  });

  it('reads to the end without a note when the rest fits', async () => {
    const { context, write } = await createTempWorkspace();
    await write('big.txt', numbered(50));
    const output = await readFileTool.execute({ path: 'big.txt', offset: 49 }, context);
    expect(output.content).toBe('    49\tline 49\n    50\tline 50');
  });

  it('stops at 2000 lines by default', async () => {
    const { context, write } = await createTempWorkspace();
    await write('huge.txt', numbered(2500));
    const lines = (await readFileTool.execute({ path: 'huge.txt' }, context)).content.split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[1999]).toBe('  2000\tline 2000');
    expect(lines[2000]).toMatch(/offset=2001/);
  });

  it('truncates very long lines', async () => {
    const { context, write } = await createTempWorkspace();
    await write('long.txt', `${'x'.repeat(5000)}\nshort`);
    const output = await readFileTool.execute({ path: 'long.txt' }, context);
    const [first, second] = output.content.split('\n');
    expect(first).toBe(`     1\t${'x'.repeat(2000)} [... line truncated, 3000 more characters]`);
    expect(second).toBe('     2\tshort');
  });

  it('strips CR from CRLF lines', async () => {
    const { context, write } = await createTempWorkspace();
    await write('crlf.txt', 'a\r\nb\r\n');
    expect((await readFileTool.execute({ path: 'crlf.txt' }, context)).content).toBe('     1\ta\n     2\tb');
  });

  it('refuses an offset past the end, and says an empty file is empty', async () => {
    const { context, write } = await createTempWorkspace();
    await write('short.txt', 'one\ntwo\n');
    await write('empty.txt', '');
    const past = await readFileTool.execute({ path: 'short.txt', offset: 5 }, context);
    expect(past).toMatchObject({ isError: true });
    expect(past.content).toMatch(/offset 5 is past the end of short.txt, which has 2 lines/);
    const empty = await readFileTool.execute({ path: 'empty.txt' }, context);
    expect(empty).toEqual({ content: 'empty.txt is empty.', summary: 'read_file empty.txt (empty)' });
  });

  it('refuses binary files', async () => {
    const { context, write } = await createTempWorkspace();
    await write('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const output = await readFileTool.execute({ path: 'image.png' }, context);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/binary/);
  });

  it('returns errors for missing files, directories and paths outside', async () => {
    const { context, root, outside, write } = await createTempWorkspace();
    await write('dir/x', '');
    await writeFile(path.join(outside, 'secret.txt'), 'top secret');
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'innocent.txt'));

    expect(await readFileTool.execute({ path: 'missing.txt' }, context)).toMatchObject({
      isError: true,
      content: 'No such file or directory: missing.txt',
    });
    expect((await readFileTool.execute({ path: 'dir' }, context)).content).toMatch(/is a directory/);
    for (const attempt of ['../outside/secret.txt', path.join(outside, 'secret.txt'), '/etc/passwd', 'innocent.txt']) {
      const output = await readFileTool.execute({ path: attempt }, context);
      expect(output.isError).toBe(true);
      expect(output.content).not.toContain('top secret');
      expect(output.content).toMatch(/outside the workspace/);
    }
  });

  it('accepts an absolute path inside the workspace', async () => {
    const { context, root, write } = await createTempWorkspace();
    await write('src/a.ts', 'export {};\n');
    const output = await readFileTool.execute({ path: path.join(root, 'src/a.ts') }, context);
    expect(output.content).toBe('     1\texport {};');
    expect(output.summary).toBe('read_file src/a.ts (lines 1-1 of 1)');
  });
});

describe('read_file output budget', () => {
  it('stops before the output grows past about 100k characters, and says where to continue', async () => {
    const { context, write } = await createTempWorkspace();
    await write('wide.txt', Array.from({ length: 100 }, () => 'y'.repeat(1900)).join('\n'));
    const lines = (await readFileTool.execute({ path: 'wide.txt' }, context)).content.split('\n');
    const shown = lines.length - 1;
    expect(shown).toBeGreaterThan(40);
    expect(shown).toBeLessThan(100);
    expect(lines.at(-1)).toBe(
      `[Showing lines 1-${shown} of 100. To read more, call read_file with offset=${shown + 1}.]`,
    );
  });
});
