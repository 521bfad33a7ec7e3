import { existsSync } from 'node:fs';
import { readFile, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, writeFiles } from '../test-support/temp-dir.js';
import { copyFolder } from './copy-folder.js';

describe('copyFolder', () => {
  it('copies every file, hidden ones and odd names included, and links as links', async () => {
    const base = await makeTempDir();
    const source = await writeFiles(path.join(base, 'source'), {
      'a.txt': 'a',
      '.hidden/b.txt': 'b',
      'deep/er/-dash.txt': 'c',
    });
    await symlink('../a.txt', path.join(source, 'deep/link'));
    await copyFolder(source, path.join(base, 'target'));
    expect(await readFile(path.join(base, 'target/.hidden/b.txt'), 'utf8')).toBe('b');
    expect(await readFile(path.join(base, 'target/deep/er/-dash.txt'), 'utf8')).toBe('c');
    expect(await readlink(path.join(base, 'target/deep/link'))).toBe('../a.txt');
  });

  it('leaves out an excluded folder however deep, keeping its siblings', async () => {
    const base = await makeTempDir();
    const source = await writeFiles(path.join(base, 'source'), {
      'keep.txt': 'k',
      '.agentbatch/config.txt': 'c',
      '.agentbatch/runs/r1/results.json': '{}',
    });
    await copyFolder(source, path.join(base, 'target'), [path.join(source, '.agentbatch/runs'), '/elsewhere']);
    expect(existsSync(path.join(base, 'target/keep.txt'))).toBe(true);
    expect(existsSync(path.join(base, 'target/.agentbatch/config.txt'))).toBe(true);
    expect(existsSync(path.join(base, 'target/.agentbatch/runs'))).toBe(false);
  });
});
