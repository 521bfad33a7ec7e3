import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.js';
import { readFileUpTo, writeFile as writeWholeFile } from './fs-calls.js';

describe('readFileUpTo', () => {
  it('reads a file whole, an empty one too', async () => {
    const dir = await makeTempDir();
    const text = 'line\n'.repeat(20_000);
    await writeFile(path.join(dir, 'a.txt'), text);
    await writeFile(path.join(dir, 'empty.txt'), '');
    const read = await readFileUpTo(path.join(dir, 'a.txt'), 1_000_000);
    expect(read.kind === 'bytes' && read.bytes.toString('utf8')).toBe(text);
    const empty = await readFileUpTo(path.join(dir, 'empty.txt'), 1_000_000);
    expect(empty.kind === 'bytes' && empty.bytes.length).toBe(0);
  });

  it('reports a folder and a file over the limit instead of reading them', async () => {
    const dir = await makeTempDir();
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'big.txt'), 'x'.repeat(2000));
    expect(await readFileUpTo(path.join(dir, 'sub'), 1000)).toEqual({ kind: 'directory' });
    expect(await readFileUpTo(path.join(dir, 'big.txt'), 1000)).toEqual({ kind: 'too-large', size: 2000 });
  });

  it('fails like readFile on a missing file', async () => {
    const dir = await makeTempDir();
    await expect(readFileUpTo(path.join(dir, 'missing.txt'), 1000)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('writeFile', () => {
  it('never leaves a file half-written when aborted: the old text, or the whole new one', async () => {
    const file = path.join(await makeTempDir(), 'calc.js');
    await writeFile(file, 'return a - b;\n');
    const controller = new AbortController();
    const writing = writeWholeFile(file, 'return a + b;\n', { signal: controller.signal });
    controller.abort();
    await writing;
    expect(await readFile(file, 'utf8')).toBe('return a + b;\n');
    await expect(writeWholeFile(file, 'x', { signal: controller.signal })).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('return a + b;\n');
  });
});
