import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { RequestGate } from './request-gate.js';

const ticket = (since = 0) => ({ since, tokens: 0 });

describe('ConcurrencyLimiter', () => {
  it('lets calls pass while fewer than `limit` are in flight, and none after', () => {
    const limiter = new ConcurrencyLimiter(2);
    expect(limiter.delayMs()).toBe(0);
    limiter.admit();
    expect(limiter.delayMs()).toBe(0);
    limiter.admit();
    expect(limiter.delayMs()).toBe(Number.POSITIVE_INFINITY);
    limiter.release();
    expect(limiter.delayMs()).toBe(0);
  });

  it('never blocks without a limit', () => {
    const limiter = new ConcurrencyLimiter(Number.POSITIVE_INFINITY);
    for (let index = 0; index < 1000; index++) limiter.admit();
    expect(limiter.delayMs()).toBe(0);
  });

  it('in a gate, holds the third call until one of two in flight is released, in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const gate = new RequestGate([limiter]);
    const signal = new AbortController().signal;
    const passed: number[] = [];
    const calls = [1, 2, 3, 4].map((n) => gate.pass(ticket(n), signal).then(() => passed.push(n)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(passed).toEqual([1, 2]);
    limiter.release();
    gate.recheck();
    await new Promise((resolve) => setImmediate(resolve));
    expect(passed).toEqual([1, 2, 3]);
    limiter.release();
    gate.recheck();
    await Promise.all(calls);
    expect(passed).toEqual([1, 2, 3, 4]);
  });
});
