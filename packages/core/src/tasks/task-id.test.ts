import { describe, expect, it } from 'vitest';
import { hashTaskId, taskIdPattern } from './task-id.js';

describe('hashTaskId', () => {
  it('is stable: the same dir and prompt always give the same id', () => {
    expect(hashTaskId('app', 'Write hello.py')).toBe(hashTaskId('app', 'Write hello.py'));
    expect(hashTaskId('app', 'Write hello.py')).toMatch(/^t-[0-9a-f]{10}$/);
  });

  it('pins the hash, so ids survive upgrades (--only and --resume rely on them)', () => {
    // sha256("app\nWrite hello.py"), first 10 hex digits.
    expect(hashTaskId('app', 'Write hello.py')).toBe(`t-${sha('app\nWrite hello.py')}`);
  });

  it('differs when the dir or the prompt differs', () => {
    const ids = new Set([hashTaskId('a', 'p'), hashTaskId('b', 'p'), hashTaskId('a', 'q'), hashTaskId('a', 'p ')]);
    expect(ids.size).toBe(4);
  });

  it('treats spellings of the same dir alike: ./x, x/, x\\y and x/y; empty and . are the task file folder', () => {
    expect(hashTaskId('./app', 'p')).toBe(hashTaskId('app', 'p'));
    expect(hashTaskId('app/', 'p')).toBe(hashTaskId('app', 'p'));
    expect(hashTaskId('app\\src', 'p')).toBe(hashTaskId('app/src', 'p'));
    expect(hashTaskId('', 'p')).toBe(hashTaskId('.', 'p'));
    expect(hashTaskId('./', 'p')).toBe(hashTaskId('.', 'p'));
  });

  it('gives ids that match the id pattern', () => {
    expect(taskIdPattern.test(hashTaskId('', '任务'))).toBe(true);
  });
});

describe('taskIdPattern', () => {
  it('allows letters, digits, dot, underscore and dash, starting with a letter or digit', () => {
    for (const id of ['a', 'task-1', 'T_2.b', '9x']) expect(taskIdPattern.test(id), id).toBe(true);
    for (const id of ['', '-a', '.hidden', 'a/b', '../x', 'a b', 'x'.repeat(101)]) {
      expect(taskIdPattern.test(id), id).toBe(false);
    }
  });
});

import { createHash } from 'node:crypto';

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}
