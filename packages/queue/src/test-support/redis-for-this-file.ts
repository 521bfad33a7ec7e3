import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { type LocalRedis, startRedis } from './local-redis.js';

/**
 * A redis-server of the calling test file's own, started before its tests and stopped after
 * them, with one client connected to it; call it at the top of the file and use the client in tests.
 */
export function redisForThisFile(): () => Redis {
  let local: LocalRedis | undefined;
  let redis: Redis | undefined;
  beforeAll(async () => {
    local = await startRedis();
    redis = new Redis(local.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await local?.stop();
  });
  return () => {
    if (!redis) throw new Error('the Redis of this test file is not started yet: use it inside a test');
    return redis;
  };
}
