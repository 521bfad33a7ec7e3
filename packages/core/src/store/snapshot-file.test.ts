import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.js';
import { SnapshotFile } from './snapshot-file.js';

describe('SnapshotFile', () => {
  it('writes the first change at once and coalesces the ones that follow within the interval', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'state.json');
    const snapshot = new SnapshotFile(file, 300);
    let builds = 0;
    const state = (value: number) => () => {
      builds++;
      return String(value);
    };
    snapshot.soon(state(1));
    await vi.waitFor(async () => expect(await readFile(file, 'utf8')).toBe('1'));
    for (let value = 2; value <= 10; value++) snapshot.soon(state(value));
    expect(await readFile(file, 'utf8')).toBe('1');
    await vi.waitFor(async () => expect(await readFile(file, 'utf8')).toBe('10'), { timeout: 3000 });
    expect(builds).toBe(2);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('writes at once when asked, replacing a pending write', async () => {
    const dir = await makeTempDir();
    const snapshot = new SnapshotFile(path.join(dir, 'state.json'), 60_000);
    snapshot.soon(() => 'first');
    snapshot.soon(() => 'pending');
    await snapshot.now(() => 'final');
    expect(await readFile(path.join(dir, 'state.json'), 'utf8')).toBe('final');
  });

  it('reports a write that failed', async () => {
    const snapshot = new SnapshotFile(path.join(await makeTempDir(), 'missing', 'state.json'));
    await expect(snapshot.now(() => '{}')).rejects.toThrow(/ENOENT/);
  });
});
