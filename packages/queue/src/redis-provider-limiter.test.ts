import type { Ticket } from '@agentbatch/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisProviderLimiter } from './redis-provider-limiter.js';
import { type LocalRedis, startRedis } from './test-support/local-redis.js';

let local: LocalRedis;
const clients: Redis[] = [];

beforeAll(async () => {
  local = await startRedis();
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await local.stop();
});

/** A limiter as one worker has it: its own connection, the run's shared keys. */
function workerLimiter(name: string, limits: ConstructorParameters<typeof RedisProviderLimiter>[2]) {
  const redis = new Redis(local.url);
  clients.push(redis);
  return new RedisProviderLimiter(redis, { state: `test:${name}`, slots: `test:${name}:slots` }, limits);
}

const ticket = (tokens = 0): Ticket => ({ since: Date.now(), tokens });
const signal = new AbortController().signal;

describe('RedisProviderLimiter', () => {
  it('spaces the calls of two workers evenly at the rpm limit, as one', async () => {
    const a = workerLimiter('rpm', { rpm: 1200 });
    const b = workerLimiter('rpm', { rpm: 1200 });
    const starts: number[] = [];
    const call = async (limiter: RedisProviderLimiter) => {
      const held = ticket();
      await limiter.acquire(held, signal);
      starts.push(Date.now());
      await limiter.release(held, { type: 'answered', tokens: 10 });
    };
    await Promise.all([a, b, a, b, a, b].map(call));
    starts.sort((x, y) => x - y);
    // 1200 a minute is one every 50 ms: six calls span at least five gaps.
    expect((starts[5] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(240);
  });

  it('holds maxConcurrency across workers, and frees a slot when a call ends', async () => {
    const a = workerLimiter('slots', { maxConcurrency: 1 });
    const b = workerLimiter('slots', { maxConcurrency: 1 });
    const first = ticket();
    await a.acquire(first, signal);
    let secondIn = false;
    const second = ticket();
    const waiting = b.acquire(second, signal).then(() => {
      secondIn = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondIn).toBe(false);
    await a.release(first, { type: 'answered', tokens: 0 });
    await waiting;
    expect(secondIn).toBe(true);
    await b.release(second, { type: 'answered', tokens: 0 });
  });

  it('pauses every worker after an overload answer', async () => {
    const a = workerLimiter('pause', {});
    const b = workerLimiter('pause', {});
    const failed = ticket();
    await a.acquire(failed, signal);
    await a.release(failed, { type: 'failed', answered: true, overloaded: { sentAt: Date.now(), pauseMs: 400 } });
    const started = Date.now();
    const next = ticket();
    await b.acquire(next, signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await b.release(next, { type: 'answered', tokens: 0 });
  });

  it('stops waiting when the call is aborted', async () => {
    const a = workerLimiter('abort', { maxConcurrency: 1 });
    const held = ticket();
    await a.acquire(held, signal);
    const controller = new AbortController();
    const waiting = a.acquire(ticket(), controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await a.release(held, { type: 'answered', tokens: 0 });
  });
});
