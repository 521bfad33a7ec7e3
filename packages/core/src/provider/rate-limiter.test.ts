import { describe, expect, it } from 'vitest';
import type { Ticket } from '../plugin/provider-limiter.js';
import { RateLimiter } from './rate-limiter.js';

const ticket = (tokens = 0): Ticket => ({ since: 0, tokens });

describe('RateLimiter', () => {
  it('lets the first call through at once and spaces the next ones evenly', () => {
    const limiter = new RateLimiter(600, () => 1);
    expect(limiter.delayMs(ticket(), 0)).toBe(0);
    limiter.admit(ticket(), 0);
    expect(limiter.delayMs(ticket(), 0)).toBe(100);
    expect(limiter.delayMs(ticket(), 60)).toBe(40);
    limiter.admit(ticket(), 100);
    expect(limiter.delayMs(ticket(), 100)).toBe(100);
  });

  it('keeps no credit for idle time: a call after a pause is spaced from the time it started', () => {
    const limiter = new RateLimiter(600, () => 1);
    limiter.admit(ticket(), 0);
    limiter.admit(ticket(), 5000);
    expect(limiter.delayMs(ticket(), 5000)).toBe(100);
  });

  it('holds at most the limit plus one call in any minute', () => {
    const limiter = new RateLimiter(300, () => 1);
    const starts: number[] = [];
    for (let now = 0; now < 180_000; now++) {
      if (limiter.delayMs(ticket(), now) === 0) {
        limiter.admit(ticket(), now);
        starts.push(now);
      }
    }
    for (const start of starts) {
      expect(starts.filter((time) => time >= start && time < start + 60_000).length).toBeLessThanOrEqual(300);
    }
    expect(starts).toHaveLength(900);
  });

  it('charges a call its cost, and a correction once its real cost is known', () => {
    const limiter = new RateLimiter(60_000, (entry) => entry.tokens);
    limiter.admit(ticket(5000), 0);
    expect(limiter.delayMs(ticket(), 0)).toBe(5000);
    limiter.correct(-3000);
    expect(limiter.delayMs(ticket(), 0)).toBe(2000);
    limiter.correct(1000);
    expect(limiter.delayMs(ticket(), 0)).toBe(3000);
  });

  it('lets a call bigger than a minute of allowance through, and makes the next one wait for it', () => {
    const limiter = new RateLimiter(1000, (entry) => entry.tokens);
    limiter.admit(ticket(2000), 0);
    expect(limiter.delayMs(ticket(10), 0)).toBe(120_000);
  });

  it('does nothing without a limit, and spaces from the last call once one is set', () => {
    const limiter = new RateLimiter(Number.POSITIVE_INFINITY, () => 1);
    for (let index = 0; index < 5; index++) limiter.admit(ticket(), 10);
    limiter.correct(100);
    expect(limiter.delayMs(ticket(), 10)).toBe(0);
    limiter.setLimit(60);
    expect(limiter.limit).toBe(60);
    limiter.admit(ticket(), 10);
    expect(limiter.delayMs(ticket(), 10)).toBe(1000);
  });
});
