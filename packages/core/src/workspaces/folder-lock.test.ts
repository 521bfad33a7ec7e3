import { describe, expect, it } from 'vitest';
import { readingFolder, writingFolder } from './folder-lock.js';

/** A step that ends when the test says so, recording when it starts and ends. */
function step(log: string[], name: string) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    action: async () => {
      log.push(`${name} start`);
      await done;
      log.push(`${name} end`);
    },
    finish,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('readingFolder and writingFolder', () => {
  it('lets readers run side by side and a writer only after them, alone', async () => {
    const log: string[] = [];
    const first = step(log, 'read 1');
    const second = step(log, 'read 2');
    const write = step(log, 'write');
    const later = step(log, 'read 3');
    const all = [
      readingFolder('/lock-a', first.action),
      readingFolder('/lock-a', second.action),
      writingFolder('/lock-a', write.action),
      readingFolder('/lock-a', later.action),
    ];
    await tick();
    expect(log).toEqual(['read 1 start', 'read 2 start']);
    first.finish();
    await tick();
    expect(log).not.toContain('write start');
    second.finish();
    await tick();
    expect(log.slice(-2)).toEqual(['read 2 end', 'write start']);
    write.finish();
    await tick();
    expect(log.slice(-2)).toEqual(['write end', 'read 3 start']);
    later.finish();
    await Promise.all(all);
  });

  it('keeps folders apart, and a failed writer does not block the next', async () => {
    const log: string[] = [];
    const other = step(log, 'read b');
    const reading = readingFolder('/lock-b', other.action);
    await expect(writingFolder('/lock-c', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await writingFolder('/lock-c', async () => log.push('write c'));
    expect(log).toEqual(['read b start', 'write c']);
    other.finish();
    await reading;
  });
});
