import { afterEach, describe, expect, it, vi } from 'vitest';
import { APICallError } from '../model/api-call-error.js';
import { defaultBackoff, isOverloaded, retryAfterMs, retryDelayMs } from './retry-delay.js';

const rateLimited = (headers: Record<string, string> = {}) =>
  new APICallError({ message: 'Too Many Requests', provider: 'openai', statusCode: 429, responseHeaders: headers });

const backoff = { initialDelayMs: 1000, maxDelayMs: 60_000 };

describe('retryDelayMs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('honours retry-after-ms first', () => {
    expect(retryDelayMs(rateLimited({ 'retry-after-ms': '1500', 'retry-after': '30' }), 1, backoff)).toBe(1500);
  });

  it('honours retry-after in seconds, fractions included', () => {
    expect(retryDelayMs(rateLimited({ 'retry-after': '7' }), 1, backoff)).toBe(7000);
    expect(retryDelayMs(rateLimited({ 'retry-after': '0.5' }), 1, backoff)).toBe(500);
    expect(retryDelayMs(rateLimited({ 'retry-after': '0' }), 1, backoff)).toBe(0);
  });

  it('honours retry-after as an HTTP date', () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T12:00:00Z'), toFake: ['Date'] });
    expect(retryDelayMs(rateLimited({ 'retry-after': 'Wed, 01 Jan 2025 12:00:30 GMT' }), 1, backoff)).toBe(30_000);
    expect(retryDelayMs(rateLimited({ 'retry-after': 'Wed, 01 Jan 2025 11:59:00 GMT' }), 1, backoff)).toBe(0);
  });

  it('caps a server delay at five times maxDelayMs', () => {
    expect(retryDelayMs(rateLimited({ 'retry-after': '86400' }), 1, { initialDelayMs: 10, maxDelayMs: 100 })).toBe(500);
  });

  it('falls back to backoff when the headers are missing or unreadable', () => {
    const half = () => 0.5;
    expect(retryDelayMs(rateLimited({ 'retry-after': 'soon' }), 1, backoff, half)).toBe(750);
    expect(retryDelayMs(rateLimited({ 'retry-after-ms': 'x', 'retry-after': '-3' }), 1, backoff, half)).toBe(750);
    expect(retryDelayMs(new Error('socket hang up'), 1, backoff, half)).toBe(750);
  });

  it('grows exponentially with the attempt, up to maxDelayMs', () => {
    const top = () => 1;
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(rateLimited(), attempt, backoff, top));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('jitters between half and all of the exponential ceiling', () => {
    expect(retryDelayMs(rateLimited(), 3, backoff, () => 0)).toBe(2000);
    expect(retryDelayMs(rateLimited(), 3, backoff, () => 0.999999)).toBe(4000);
    const samples = new Set(Array.from({ length: 50 }, () => retryDelayMs(rateLimited(), 3, backoff)));
    expect(samples.size).toBeGreaterThan(10);
    for (const delay of samples) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('has sensible defaults', () => {
    expect(defaultBackoff).toEqual({ initialDelayMs: 1000, maxDelayMs: 60_000 });
    const delay = retryDelayMs(rateLimited(), 1);
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
  });
});

describe('retryAfterMs', () => {
  it('returns undefined without a usable header', () => {
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'later' })).toBeUndefined();
  });
});

describe('isOverloaded', () => {
  const failure = (statusCode: number | undefined, isRetryable?: boolean) =>
    new APICallError({ message: 'x', provider: 'p', statusCode, ...(isRetryable !== undefined && { isRetryable }) });

  it('is true for retryable 429, 503 and 529 only', () => {
    expect(isOverloaded(failure(429))).toBe(true);
    expect(isOverloaded(failure(503))).toBe(true);
    expect(isOverloaded(failure(529))).toBe(true);
    expect(isOverloaded(failure(429, false))).toBe(false);
    expect(isOverloaded(failure(500))).toBe(false);
    expect(isOverloaded(failure(undefined))).toBe(false);
  });
});
