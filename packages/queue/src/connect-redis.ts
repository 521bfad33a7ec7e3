import { ConfigError } from '@agentbatch/core';
import { Redis } from 'ioredis';
import { displayUrl } from './queue-url.js';

/** How long to wait for Redis to answer before saying it cannot be reached. */
const PROBE_TIMEOUT_MS = 3_000;

/**
 * A connection to the queue's Redis, checked first: an address where nothing listens, or where
 * something other than Redis answers, is a clear error within seconds (a `ConfigError`, exit 2),
 * not a client that retries forever. After the check the connection reconnects by itself.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The connection's own error says why (refused, unknown host); `connect()` only says it closed.
  let lastError: unknown;
  probe.on('error', (error) => {
    lastError = error;
  });
  const where = displayUrl(url);
  try {
    await withTimeout(probe.connect(), PROBE_TIMEOUT_MS);
    const info = String(await withTimeout(probe.info('server'), PROBE_TIMEOUT_MS));
    if (!/redis_version:/.test(info)) throw new Error('its INFO names no redis_version');
  } catch (error) {
    throw new ConfigError(
      `cannot use the queue at ${where}: ${reason(lastError ?? error)}. Start Redis there (redis-server --port PORT) or fix --queue / run.queue`,
    );
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  return redis;
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED/.test(message)) return 'nothing listens there (connection refused)';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'the host name does not resolve';
  if (/timed out|ETIMEDOUT/.test(message)) return `no answer within ${PROBE_TIMEOUT_MS / 1000} s`;
  if (/Protocol error|unknown command|ERR/.test(message)) return `what answers is not Redis (${message.slice(0, 120)})`;
  return message.replace(/\.$/, '').slice(0, 200);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
