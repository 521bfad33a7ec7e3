import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../plugin/provider-limiter.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestGate } from './request-gate.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

const never = new AbortController().signal;

function passTimes(gate: RequestGate, tickets: Ticket[], signal = never) {
  const passed: Array<{ ticket: Ticket; at: number }> = [];
  const done = tickets.map((ticket) =>
    gate.pass(ticket, signal).then(() => {
      passed.push({ ticket, at: Date.now() });
    }),
  );
  return { passed, done };
}

describe('RequestGate', () => {
  it('lets calls through at the pace of its rate limit, in order', async () => {
    const gate = new RequestGate([new RateLimiter(600, () => 1)]);
    const tickets = [0, 1, 2, 3].map((since) => ({ since, tokens: 0 }));
    const { passed, done } = passTimes(gate, tickets);
    await vi.runAllTimersAsync();
    await Promise.all(done);
    expect(passed.map((entry) => entry.at)).toEqual([0, 100, 200, 300]);
    expect(passed.map((entry) => entry.ticket.since)).toEqual([0, 1, 2, 3]);
  });

  it('puts an older call (a retry) ahead of younger ones', async () => {
    const gate = new RequestGate([new RateLimiter(600, () => 1)]);
    const { passed } = passTimes(gate, [
      { since: 5, tokens: 0 },
      { since: 6, tokens: 0 },
    ]);
    const retry = passTimes(gate, [{ since: 1, tokens: 0 }]);
    await vi.runAllTimersAsync();
    expect(passed.map((entry) => entry.at)).toEqual([0, 200]);
    expect(retry.passed.map((entry) => entry.at)).toEqual([100]);
  });

  it('waits for every limit: the oldest call holds its place until all allow it', async () => {
    const concurrency = new ConcurrencyLimiter(1);
    const tokens = new RateLimiter(60_000, (ticket) => ticket.tokens);
    const gate = new RequestGate([concurrency, tokens]);
    const { passed } = passTimes(gate, [
      { since: 0, tokens: 500 },
      { since: 1, tokens: 10 },
      { since: 2, tokens: 10 },
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(passed.map((entry) => entry.at)).toEqual([0]);
    concurrency.release();
    gate.recheck();
    await vi.advanceTimersByTimeAsync(0);
    // The next call waits for the tokens of the first (500 ms at 1000 tokens/s), not for more.
    expect(passed.map((entry) => entry.at)).toEqual([0, 1000]);
    concurrency.release();
    gate.recheck();
    await vi.advanceTimersByTimeAsync(100);
    expect(passed.map((entry) => entry.at)).toEqual([0, 1000, 1010]);
  });

  it('drops a call whose signal aborts, with the signal reason, and lets the next one through', async () => {
    const concurrency = new ConcurrencyLimiter(1);
    const gate = new RequestGate([concurrency]);
    const abort = new AbortController();
    await gate.pass({ since: 0, tokens: 0 }, never);
    const aborted = gate.pass({ since: 1, tokens: 0 }, abort.signal);
    const next = gate.pass({ since: 2, tokens: 0 }, never);
    abort.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(gate.size).toBe(1);
    concurrency.release();
    gate.recheck();
    await expect(next).resolves.toBeUndefined();
    expect(gate.size).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const gate = new RequestGate([]);
    await expect(gate.pass({ since: 0, tokens: 0 }, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
