import { describe, expect, it } from 'vitest';
import { InOrder } from './in-order.js';

describe('InOrder', () => {
  it('handles items at once while every handler returns no promise', () => {
    const seen: number[] = [];
    const queue = new InOrder<number>((item) => void seen.push(item));
    queue.push(1);
    queue.push(2);
    expect(seen).toEqual([1, 2]);
  });

  it('keeps later items behind a handler that is still busy, then handles them in order', async () => {
    const seen: string[] = [];
    let finish: () => void = () => undefined;
    const queue = new InOrder<string>((item) => {
      seen.push(`start ${item}`);
      if (item === 'slow') return new Promise<void>((resolve) => (finish = resolve));
    });
    queue.push('slow');
    queue.push('a');
    queue.push('b');
    expect(seen).toEqual(['start slow']);
    finish();
    await queue.idle();
    expect(seen).toEqual(['start slow', 'start a', 'start b']);
    queue.push('c');
    expect(seen.at(-1)).toBe('start c');
  });

  it('stops at the first failure and reports it when waited for', async () => {
    const seen: number[] = [];
    const queue = new InOrder<number>(async (item) => {
      if (item === 2) throw new Error('reporter broke');
      seen.push(item);
    });
    queue.push(1);
    queue.push(2);
    queue.push(3);
    await expect(queue.idle()).rejects.toThrow('reporter broke');
    expect(seen).toEqual([1]);
  });
});
