import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalRedis, startRedis } from '../packages/queue/src/test-support/local-redis.js';
import { batchFixture } from './support/batch-fixture.js';
import { batchLastResponses, batchScripts } from './support/batch-scripts.js';
import { runCli } from './support/cli.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { onlyRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let redis: LocalRedis | undefined;
let server: ScriptedModelServer | undefined;
let proxy: FaultProxy | undefined;
const processes: Array<ReturnType<typeof runCli>> = [];

afterEach(async () => {
  for (const child of processes.splice(0)) {
    if (child.exitCode === null) child.kill('SIGKILL');
    await child;
  }
  await proxy?.close();
  await server?.close();
  await redis?.stop();
  proxy = undefined;
  server = undefined;
  redis = undefined;
});

function startWorker(dir: string, queue: string, name: string, env: Record<string, string>) {
  const child = runCli(['worker', 'agentbatch.yaml', '--queue', queue, '-c', '3', '--name', name], { cwd: dir, env });
  processes.push(child);
  return child;
}

const until = async (condition: () => boolean, what: string, ms = 150_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

function expectWorkDone(dir: string, copies: number) {
  for (let copy = 1; copy <= copies; copy++) {
    const suffix = copy === 1 ? '' : `-${copy}`;
    expect(readFileSync(join(dir, `calculator${suffix}/calc.js`), 'utf8')).toContain('return a + b;');
    expect(readFileSync(join(dir, `docs${suffix}/README.md`), 'utf8')).toContain('## Usage');
    expect(readFileSync(join(dir, `greeting${suffix}/main.js`), 'utf8')).toContain(
      "import { sayHello } from './greet.js';",
    );
  }
}

describe('agentbatch run --queue with agentbatch worker (BullMQ on Redis)', () => {
  it('runs 12 tasks on two workers under a server-enforced rate limit; a worker killed with kill -9 loses nothing', async () => {
    redis = await startRedis();
    server = await startScriptedModelServer(batchScripts, { delayMs: 50 });
    // The server allows 5 requests in any second; the provider's rpm (4 a second) keeps both workers under it together.
    proxy = await startFaultProxy({ target: server.url, rateLimit: { requests: 5, windowMs: 1000 } });
    const dir = batchFixture({ copies: 4, concurrency: 6, provider: { rpm: 240 } });
    const env = { MODEL_URL: proxy.url };
    const doomed = startWorker(dir, redis.url, 'doomed', env);
    const survivor = startWorker(dir, redis.url, 'survivor', env);
    const producer = runCli(['run', 'agentbatch.yaml', '--queue', redis.url], { cwd: dir, env, timeout: 280_000 });
    processes.push(producer);

    // Part-way, while the doomed worker is in the middle of its tasks.
    await until(() => (server?.calls.length ?? 0) >= 20, '20 model calls');
    doomed.kill('SIGKILL');
    const run = await producer;
    expect(run.exitCode, run.all).toBe(0);
    survivor.kill('SIGTERM');
    const stopped = await survivor;
    expect(stopped.exitCode, stopped.all).toBe(0);
    expect(stopped.all).toContain('(taken over)');

    const { results, events } = onlyRun(dir);
    expect(results.status).toBe('passed');
    expect(results.summary).toMatchObject({ total: 12, completed: 12 });
    expect(new Set(results.tasks.map((task) => task.id)).size).toBe(12);
    expect(events.filter((event) => event.type === 'task-end')).toHaveLength(12);
    expect(events.filter((event) => event.type === 'task-start')).toHaveLength(12);
    expectWorkDone(dir, 4);
    // Each task's coder's last reply, whichever worker ran it or took it over from its checkpoint.
    expect(results.tasks.map((task) => task.lastResponse)).toEqual(
      results.tasks.map((task) => batchLastResponses[task.prompt.slice(0, task.prompt.indexOf(']') + 1)]),
    );

    // Both workers ran tasks, and every event from a worker names it.
    const fromWorkers = events.filter(
      (event) => !['run-start', 'task-queued', 'task-end', 'run-end'].includes(event.type),
    );
    expect(fromWorkers.every((event) => event.worker === 'doomed' || event.worker === 'survivor')).toBe(true);
    expect(new Set(fromWorkers.map((event) => event.worker))).toEqual(new Set(['doomed', 'survivor']));

    // Usage: what the server answered, less at most the calls in flight in the killed worker (3 tasks).
    const served = server.calls.length;
    const counted = results.summary.usage.calls;
    expect(counted).toBeLessThanOrEqual(served);
    expect(counted).toBeGreaterThanOrEqual(served - 3);
    const servedTokens = server.totals('coder').inputTokens + server.totals('evaluator').inputTokens;
    expect(results.summary.usage.inputTokens).toBeLessThanOrEqual(servedTokens);
    const taskSum = results.tasks.reduce((total, task) => total + task.usage.totalTokens, 0);
    expect(results.summary.usage.totalTokens).toBe(taskSum);

    // The limit held across both workers: at most one request over the server's window.
    expect(proxy.count('over-window')).toBeLessThanOrEqual(1);
  }, 300_000);

  it('Ctrl-C on the producer stops the workers’ calls (exit 130), and --resume finishes the run on the queue', async () => {
    redis = await startRedis();
    server = await startScriptedModelServer(batchScripts, { delayMs: 300 });
    const dir = batchFixture({ copies: 2, concurrency: 6 });
    const env = { MODEL_URL: server.url };
    const worker = startWorker(dir, redis.url, 'w1', env);
    const producer = runCli(['run', 'agentbatch.yaml', '--queue', redis.url], { cwd: dir, env, timeout: 60_000 });
    processes.push(producer);
    await until(() => (server?.calls.length ?? 0) >= 4, '4 model calls');
    producer.kill('SIGINT');
    const interrupted = await producer;
    expect(interrupted.exitCode, interrupted.all).toBe(130);
    expect(interrupted.all).toContain('--resume');
    // The worker stopped calling the model: nothing more reaches the server.
    const callsAfterStop = server.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.calls.length).toBeLessThanOrEqual(callsAfterStop + 3);
    const settled = server.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.calls.length).toBe(settled);
    expect(worker.exitCode).toBeNull();

    const first = onlyRun(dir);
    expect(first.results.status).toBe('interrupted');
    expect(first.results.summary.cancelled).toBeGreaterThan(0);

    const resumed = await runCli(['run', 'agentbatch.yaml', '--queue', redis.url, '--resume'], {
      cwd: dir,
      env,
      timeout: 60_000,
    });
    expect(resumed.exitCode, resumed.all).toBe(0);
    const after = onlyRun(dir);
    expect(after.results.summary).toMatchObject({ total: 6, completed: 6 });
    expectWorkDone(dir, 2);
    const recorded = after.events.filter((event) => event.type === 'model-call-end').length;
    expect(after.results.summary.usage.calls).toBe(recorded);
  }, 150_000);

  it('says clearly, within seconds and with exit 2, when the queue is not a reachable Redis', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = batchFixture({ copies: 1, concurrency: 1 });
    const env = { MODEL_URL: server.url };
    // "Within seconds": no longer than the probe's 3 s beyond what the CLI takes to check this config anyway.
    const timed = async (args: string[]) => {
      const started = Date.now();
      const result = await runCli(args, { cwd: dir, env });
      return { ...result, ms: Date.now() - started };
    };
    const baseline = await timed(['run', 'agentbatch.yaml', '--dry-run']);
    expect(baseline.exitCode, baseline.all).toBe(0);
    const closedPort = await timed(['run', 'agentbatch.yaml', '--queue', 'redis://127.0.0.1:1']);
    expect(closedPort.exitCode, closedPort.all).toBe(2);
    expect(closedPort.stderr).toMatch(/cannot use the queue at redis:\/\/127\.0\.0\.1:1: nothing listens there/);
    expect(closedPort.stderr).not.toContain('    at ');

    expect(closedPort.ms).toBeLessThan(baseline.ms + 4000);

    // An HTTP server where Redis should be.
    const notRedis = await timed(['worker', '--queue', server.url.replace('http://', 'redis://').replace('/v1', '')]);
    expect(notRedis.exitCode, notRedis.all).toBe(2);
    expect(notRedis.stderr).toMatch(/cannot use the queue at redis:\/\/127\.0\.0\.1:\d+: /);
    expect(notRedis.ms).toBeLessThan(baseline.ms + 4000);

    const badUrl = await runCli(['run', 'agentbatch.yaml', '--queue', 'http://127.0.0.1:6379'], { cwd: dir, env });
    expect(badUrl.exitCode).toBe(2);
    expect(badUrl.stderr).toContain('--queue takes redis://HOST:PORT[/DB]');
  });
});
