import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { eachValue } from './each-value.js';

describe('eachValue', () => {
  it('yields every value in order, those that arrive while the loop body awaits included, and ends on complete', async () => {
    const subject = new Subject<number>();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const value of eachValue(subject)) {
        seen.push(value);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    for (const value of [1, 2, 3]) subject.next(value);
    setTimeout(() => {
      subject.next(4);
      subject.complete();
    }, 1);
    await loop;
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('throws the error of the observable after the values before it', async () => {
    const subject = new Subject<number>();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const value of eachValue(subject)) seen.push(value);
    })();
    subject.next(1);
    subject.error(new Error('bad config'));
    await expect(loop).rejects.toThrow('bad config');
    expect(seen).toEqual([1]);
  });

  it('unsubscribes when the loop is left early', async () => {
    const subject = new Subject<number>();
    const loop = (async () => {
      for await (const value of eachValue(subject)) if (value === 2) break;
    })();
    subject.next(1);
    subject.next(2);
    await loop;
    expect(subject.observed).toBe(false);
  });
});
