import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallOutcome, ProviderLimiter, Ticket } from '@agentbatch/core';
import type { Redis } from 'ioredis';

export interface RedisLimits {
  maxConcurrency?: number | undefined;
  rpm?: number | undefined;
  tpm?: number | undefined;
}

/** How long a call holds its concurrency slot without renewal: a worker killed mid-call frees it then. */
const LEASE_MS = 60_000;
/** How long to wait before asking again when every slot is taken. */
const SLOT_POLL_MS = 100;

/**
 * One atomic step of the limiter, on the Redis server's clock: either admit the call (charge the
 * request and token rates, take a slot) and answer 0, or answer how long to wait (-1: until a
 * slot frees). The rates are spent evenly, as the in-process `RateLimiter` does: each call moves
 * the time the rate is free again forward by its cost × (1 min / limit × share).
 */
const acquireScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rpm, tpm, slots, tokens = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 'pausedUntil', 'share', 'requestsFreeAt', 'tokensFreeAt')
local pausedUntil = tonumber(state[1] or '0')
local share = tonumber(state[2] or '1')
local requestsFreeAt = tonumber(state[3] or '0')
local tokensFreeAt = tonumber(state[4] or '0')
local wait = pausedUntil - now
if rpm > 0 then wait = math.max(wait, requestsFreeAt - now) end
if tpm > 0 then wait = math.max(wait, tokensFreeAt - now) end
if wait > 0 then return wait end
if slots > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= slots then return -1 end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[6]), ARGV[1])
end
if rpm > 0 then
  redis.call('HSET', KEYS[1], 'requestsFreeAt', math.max(requestsFreeAt, now) + 60000 / (rpm * share))
end
if tpm > 0 then
  redis.call('HSET', KEYS[1], 'tokensFreeAt', math.max(tokensFreeAt, now) + tokens * 60000 / (tpm * share))
end
return 0
`;

/**
 * After a call: free its slot; charge the token correction (real minus estimate, or a refund of the
 * estimate when an error answer used none); after an overload answer hold every call for the
 * pause and cut the share of the rate to 70% (once per round of calls), after a success win 2% back.
 */
const releaseScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tpm, tokenDelta, kind = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local pauseMs, sentAgoMs = tonumber(ARGV[5]), tonumber(ARGV[6])
redis.call('ZREM', KEYS[2], ARGV[1])
local share = tonumber(redis.call('HGET', KEYS[1], 'share') or '1')
if tpm > 0 and tokenDelta ~= 0 then
  redis.call('HINCRBYFLOAT', KEYS[1], 'tokensFreeAt', tokenDelta * 60000 / (tpm * share))
end
if kind == 'answered' then
  if share < 1 then redis.call('HSET', KEYS[1], 'share', math.min(1, share + 0.02)) end
elseif kind == 'overloaded' then
  local pausedUntil = tonumber(redis.call('HGET', KEYS[1], 'pausedUntil') or '0')
  redis.call('HSET', KEYS[1], 'pausedUntil', math.max(pausedUntil, now + pauseMs))
  local lastSlowdown = tonumber(redis.call('HGET', KEYS[1], 'lastSlowdownAt') or '0')
  if now - sentAgoMs >= lastSlowdown then
    redis.call('HSET', KEYS[1], 'lastSlowdownAt', now, 'share', math.max(1 / 16, share * 0.7))
  end
end
return 0
`;

const renewScript = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) * 1000 + tonumber(ARGV[2]), ARGV[1])
return 0
`;

interface Held {
  callId: string;
  renew: NodeJS.Timeout | undefined;
}

/**
 * A provider's `maxConcurrency`, `rpm` and `tpm` held in Redis, so that they hold across every
 * worker of a run together. Calls are spaced evenly as in one process; a server's "over the limit"
 * answer pauses and slows down every worker. Concurrency slots are leases, renewed while a call
 * runs, so a worker killed mid-call gives its slot back within a minute. (Without a configured
 * `rpm`, only the pause applies after an overload answer: the in-process limiter also paces at a
 * rate it measured.)
 */
export class RedisProviderLimiter implements ProviderLimiter {
  private readonly held = new WeakMap<Ticket, Held>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: { state: string; slots: string },
    private readonly limits: RedisLimits,
  ) {}

  async acquire(ticket: Ticket, signal: AbortSignal): Promise<void> {
    const callId = randomUUID();
    for (;;) {
      signal.throwIfAborted();
      const wait = Number(
        await this.redis.eval(
          acquireScript,
          2,
          this.keys.state,
          this.keys.slots,
          callId,
          this.limits.rpm ?? 0,
          this.limits.tpm ?? 0,
          this.limits.maxConcurrency ?? 0,
          ticket.tokens,
          LEASE_MS,
        ),
      );
      if (wait === 0) break;
      await sleep(wait < 0 ? SLOT_POLL_MS : Math.ceil(wait), undefined, { signal }).catch((error: unknown) => {
        signal.throwIfAborted();
        throw error;
      });
    }
    const renew = this.limits.maxConcurrency
      ? setInterval(() => {
          this.redis.eval(renewScript, 1, this.keys.slots, callId, LEASE_MS).catch(() => undefined);
        }, LEASE_MS / 3)
      : undefined;
    renew?.unref();
    this.held.set(ticket, { callId, renew });
  }

  async release(ticket: Ticket, outcome: CallOutcome): Promise<void> {
    const held = this.held.get(ticket);
    this.held.delete(ticket);
    clearInterval(held?.renew);
    let tokenDelta = 0;
    if (outcome.type === 'answered') tokenDelta = outcome.tokens - ticket.tokens;
    else if (outcome.answered) tokenDelta = -ticket.tokens;
    const kind = outcome.type === 'answered' ? 'answered' : outcome.overloaded ? 'overloaded' : 'failed';
    const overloaded = outcome.type === 'failed' ? outcome.overloaded : undefined;
    await this.redis.eval(
      releaseScript,
      2,
      this.keys.state,
      this.keys.slots,
      held?.callId ?? '',
      this.limits.tpm ?? 0,
      this.limits.tpm === undefined ? 0 : tokenDelta,
      kind,
      overloaded?.pauseMs ?? 0,
      overloaded ? Math.max(0, Date.now() - overloaded.sentAt) : 0,
    );
  }
}
