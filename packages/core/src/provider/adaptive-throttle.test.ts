import { describe, expect, it } from 'vitest';
import { AdaptiveThrottle, type ThrottleLimits } from './adaptive-throttle.js';
import { RateLimiter } from './rate-limiter.js';

function setup(limits: ThrottleLimits) {
  const requests = new RateLimiter(limits.rpm ?? Number.POSITIVE_INFINITY, () => 1);
  const tokens = new RateLimiter(limits.tpm ?? Number.POSITIVE_INFINITY, (ticket) => ticket.tokens);
  return { requests, tokens, throttle: new AdaptiveThrottle(requests, tokens, limits) };
}

const ticket = { since: 0, tokens: 0 };

describe('AdaptiveThrottle', () => {
  it('holds every call until the pause of a 429 has passed', () => {
    const { throttle } = setup({ rpm: 60 });
    expect(throttle.delayMs(ticket, 0)).toBe(0);
    throttle.slowDown(1000, 900, 2000);
    expect(throttle.delayMs(ticket, 1000)).toBe(2000);
    expect(throttle.delayMs(ticket, 2500)).toBe(500);
    // A shorter pause does not cut a longer one short.
    throttle.slowDown(1500, 1400, 100);
    expect(throttle.delayMs(ticket, 2500)).toBe(500);
    expect(throttle.delayMs(ticket, 3000)).toBe(0);
  });

  it('cuts the configured limits to 70% once per round of calls, down to a sixteenth', () => {
    const { throttle, requests, tokens } = setup({ rpm: 600, tpm: 100_000 });
    throttle.slowDown(1000, 900, 0);
    expect(requests.limit).toBeCloseTo(420);
    expect(tokens.limit).toBeCloseTo(70_000);
    // Calls sent before that slowdown were answered for the old rate: no second cut.
    throttle.slowDown(1010, 950, 0);
    expect(requests.limit).toBeCloseTo(420);
    throttle.slowDown(1100, 1050, 0);
    expect(requests.limit).toBeCloseTo(294);
    for (let now = 2000; now < 4000; now += 100) throttle.slowDown(now, now, 0);
    expect(requests.limit).toBe(600 / 16);
    expect(throttle.share).toBe(1 / 16);
  });

  it('wins the rate back gradually as calls succeed, up to the configured limit', () => {
    const { throttle, requests } = setup({ rpm: 600 });
    throttle.slowDown(0, 0, 0);
    throttle.recover();
    expect(requests.limit).toBeCloseTo(432);
    for (let call = 0; call < 13; call++) throttle.recover();
    expect(requests.limit).toBeLessThan(600);
    throttle.recover();
    expect(requests.limit).toBe(600);
    expect(throttle.share).toBe(1);
  });

  it('without a configured rpm, paces at 70% of the measured rate after a 429 and lifts the pacing once recovered', () => {
    const { throttle, requests, tokens } = setup({});
    // 20 calls in 2 s: 600 per minute.
    for (let now = 0; now < 2000; now += 100) throttle.admit(ticket, now);
    throttle.slowDown(2000, 1900, 500);
    expect(requests.limit).toBeCloseTo(420);
    expect(tokens.limit).toBe(Number.POSITIVE_INFINITY);
    for (let call = 0; call < 14; call++) throttle.recover();
    expect(requests.limit).toBeLessThan(600);
    throttle.recover();
    expect(requests.limit).toBe(Number.POSITIVE_INFINITY);
  });

  it('without a configured rpm and with too few calls to measure a rate, only pauses', () => {
    const { throttle, requests } = setup({});
    for (let now = 0; now < 900; now += 100) throttle.admit(ticket, now);
    throttle.slowDown(1000, 900, 500);
    expect(requests.limit).toBe(Number.POSITIVE_INFINITY);
    expect(throttle.delayMs(ticket, 1000)).toBe(500);
  });

  it('measures the rate over the last minute only', () => {
    const { throttle, requests } = setup({});
    for (let now = 0; now < 60_000; now += 10) throttle.admit(ticket, now);
    for (let now = 60_000; now < 180_000; now += 1000) throttle.admit(ticket, now);
    throttle.slowDown(180_000, 180_000, 0);
    expect(requests.limit).toBeCloseTo(42, 0);
  });
});
