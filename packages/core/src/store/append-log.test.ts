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
});
