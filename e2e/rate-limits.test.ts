import { afterEach, describe, expect, it } from 'vitest';
import { batchFixture } from './support/batch-fixture.js';
import { batchScripts } from './support/batch-scripts.js';
import { runCli } from './support/cli.js';
import { expectUsageMatchesServer } from './support/expect-usage.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { onlyRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;
let proxy: FaultProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await server?.close();
  proxy = undefined;
  server = undefined;
});

describe('agentbatch run against a provider under load', () => {
  it('completes every task through rate limits, 429s, 500s, dropped connections and stalls, losing no usage', async () => {
    server = await startScriptedModelServer(batchScripts);
    proxy = await startFaultProxy({
      target: server.url,
      seed: 20_240_601,
      // Below what 6 tasks running at once ask for, so that the limit is hit again and again.
      rateLimit: { requests: 4, windowMs: 1000 },
      faults: {
        'rate-limit': 0.08,
        'server-error': 0.08,
        'drop-before-headers': 0.05,
        'drop-after-headers': 0.05,
        stall: 0.03,
      },
      retryAfterMs: 300,
    });
    const dir = batchFixture({ copies: 2, concurrency: 6, provider: { timeout: '3s', maxRetries: 8 } });
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: proxy.url }, timeout: 55_000 });
    expect(run.exitCode, run.all).toBe(0);
    expect(server.protocolErrors).toEqual([]);

    // The proxy injected every kind of fault, and enforced its limit.
    for (const outcome of [
      'over-window',
      'rate-limit',
      'server-error',
      'drop-before-headers',
      'drop-after-headers',
      'stall',
    ] as const) {
      expect(proxy.count(outcome), outcome).toBeGreaterThan(0);
    }

    const { results, events } = onlyRun(dir);
    expect(results.status).toBe('passed');
    expect(results.summary).toMatchObject({ total: 6, completed: 6, error: 0 });

    // Usage is exactly what the server answered: nothing lost, nothing counted twice.
    expectUsageMatchesServer(results, server);
    expect(events.filter((event) => event.type === 'model-call-end')).toHaveLength(server.calls.length);

    // Every request that did not reach the server was retried, and each retry is an event.
    const retries = events.filter((event) => event.type === 'model-retry');
    expect(retries).toHaveLength(proxy.log.length - proxy.count('forwarded'));
    expect(retries.some((event) => String(event.reason).startsWith('HTTP 429'))).toBe(true);
    expect(retries.some((event) => String(event.reason).startsWith('HTTP 500'))).toBe(true);
    expect(retries.some((event) => String(event.reason).includes('within 3 s'))).toBe(true);
    for (const retry of retries) expect(retry).toMatchObject({ provider: 'local', attempt: expect.any(Number) });
  });

  it('stops at once on a rejected API key: every task fails with provider-auth after a few requests', async () => {
    server = await startScriptedModelServer(batchScripts);
    proxy = await startFaultProxy({
      target: server.url,
      reject: {
        status: 401,
        body: {
          error: {
            message: 'Incorrect API key provided: sk-bad',
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        },
      },
    });
    const dir = batchFixture({ copies: 2, concurrency: 3 });
    const started = Date.now();
    const run = await runCli(['run', 'agentbatch.yaml'], {
      cwd: dir,
      env: { MODEL_URL: proxy.url, MODEL_KEY: 'sk-bad' },
      timeout: 30_000,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    // A rejected key is a config error: exit 2, and the reason said once on stderr.
    expect(run.exitCode, run.all).toBe(2);
    expect(String(run.stderr).match(/the API key was rejected/g)).toHaveLength(1);

    // One request per task that was running when the key was rejected, none after.
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(proxy.log.length).toBeLessThanOrEqual(3);
    expect(server.calls).toHaveLength(0);

    const { results, events } = onlyRun(dir);
    expect(results.summary).toMatchObject({ total: 6, error: 6, completed: 0 });
    for (const task of results.tasks) {
      expect(task.status).toBe('error');
      expect(task.error?.code).toBe('provider-auth');
      expect(task.error?.message).toMatch(
        /^provider "local": the API key was rejected \(HTTP 401\); check providers\.local\.apiKey in agentbatch\.yaml \(from MODEL_KEY\)\..*Incorrect API key provided/,
      );
    }
    expect(events.filter((event) => event.type === 'model-retry')).toEqual([]);
  });
});
