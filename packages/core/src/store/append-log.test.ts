import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.js';
import { AppendLog } from './append-log.js';

describe('AppendLog', () => {
  it('writes every line in order, also lines appended while a write is in flight', async () => {
    const file = path.join(await makeTempDir(), 'log.jsonl');
    const log = new AppendLog(file);
    for (let index = 0; index < 500; index++) {
      log.append(`${index}\n`);
      if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.flush();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toEqual(Array.from({ length: 500 }, (_, index) => String(index)));
  });

  it('reports a write that failed when flushed', async () => {
    const log = new AppendLog(path.join(await makeTempDir(), 'missing-folder', 'log.jsonl'));
    log.append('line\n');
    await expect(log.flush()).rejects.toThrow(/ENOENT/);
  });

  it('keeps its file open between batches and closes it once idle, writing every line', async () => {
    const file = path.join(await makeTempDir(), 'log.jsonl');
    let closed = 0;
    const log = new AppendLog(file, { keepOpenMs: 50, onClose: () => closed++ });
    log.append('a\n');
    await log.flush();
    log.append('b\n');
    await log.flush();
    expect(closed).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(closed).toBe(1);
    log.append('c\n');
    await log.flush();
    expect(await readFile(file, 'utf8')).toBe('a\nb\nc\n');
  });

  it('gathers the lines of a short while into one write, and writes at once when flushed', async () => {
    const file = path.join(await makeTempDir(), 'log.jsonl');
    const log = new AppendLog(file, { batchMs: 60_000 });
    log.append('a\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    log.append('b\n');
    expect(existsSync(file)).toBe(false);
    const started = Date.now();
    await log.flush();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await readFile(file, 'utf8')).toBe('a\nb\n');
  });

  it('creates its folder when asked to', async () => {
    const file = path.join(await makeTempDir(), 'task', 'log.jsonl');
    const log = new AppendLog(file, { createFolder: true });
    log.append('a\n');
    await log.flush();
    expect(await readFile(file, 'utf8')).toBe('a\n');
  });
});
