import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench } from 'vitest';
import { repoRoot, runCli } from '../e2e/support/cli.js';
import type { Scripts } from '../e2e/support/model-script.js';
import { onlyRun } from '../e2e/support/run-folder.js';
import { startScriptedModelServer } from '../e2e/support/scripted-model-server.js';
import { startRedis } from '../packages/queue/src/test-support/local-redis.js';

/** A CPU-bound command that takes about a second of one core: the tasks' own work (a build, a test suite). */
const work = "node -e 'let x = 0; for (let i = 0; i < 6e8; i++) x += i % 7; console.log(x > 0)'";

const scripts: Scripts = {
  '[cpu]': {
    coder: [{ toolCalls: [{ name: 'run_shell', arguments: { command: work } }] }, { text: 'Built and tested.' }],
    evaluator: [{ toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'Done.' } }] }],
  },
};
const callsPerTask = 3;

/**
 * Throughput of one queue run with 1, 2 and 4 worker processes (one task at a time each) on a
 * batch whose tasks are CPU-bound `run_shell` commands, each against the same Redis and model
 * server, the provider limited to `rpm`. A worker per core is the ideal: the ratio to one worker
 * should approach min(workers, cores); the provider's rpm caps it at rpm / 3 calls per task.
 */
const tasks = Number(process.env.BENCH_TASKS ?? 12);
const rpm = Number(process.env.BENCH_RPM ?? 600);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);

function batchOf(count: number, queue: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'agentbatch-queue-bench-')), 'batch');
  const list = [];
  for (let index = 0; index < count; index++) {
    cpSync(join(repoRoot, 'e2e/fixtures/batch/calculator'), join(dir, `task-${index}`), { recursive: true });
    list.push({ dir: `./task-${index}`, first_prompt: `[cpu] Build and test (copy ${index}).` });
  }
  writeFileSync(join(dir, 'task.json'), JSON.stringify({ tasks: list }));
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    `providers:\n  local: { type: openai, baseURL: "\${MODEL_URL}", apiKey: local, model: scripted, rpm: ${rpm} }\n` +
      'agents:\n  coder: { provider: local }\n  evaluator: { provider: local }\n' +
      `run: { concurrency: ${count}, queue: "${queue}" }\ntasks: ./task.json\nreporters: [json]\n`,
  );
  return dir;
}

async function measure(workers: number, queue: string, url: string): Promise<number> {
  const dir = batchOf(tasks, queue);
  const env = { MODEL_URL: url };
  const started = Array.from({ length: workers }, (_, index) =>
    runCli(['worker', 'agentbatch.yaml', '--name', `bench-${index}`], { cwd: dir, env }),
  );
  try {
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env });
    if (run.exitCode !== 0) throw new Error(`the queue run failed:\n${run.all}`);
    const { results } = onlyRun(dir);
    if (results.summary.completed !== tasks) throw new Error(`${results.summary.completed} of ${tasks} completed`);
    return results.durationMs;
  } finally {
    for (const worker of started) worker.kill('SIGTERM');
    await Promise.all(started);
  }
}

bench(
  `${tasks} CPU-bound tasks on 1, 2 and 4 queue workers`,
  async () => {
    const redis = await startRedis();
    const server = await startScriptedModelServer(scripts, { delayMs: latencyMs });
    try {
      const measured = new Map<number, number>();
      for (const workers of [1, 2, 4]) measured.set(workers, await measure(workers, redis.url, server.url));
      const one = measured.get(1) ?? 1;
      const cores = cpus().length;
      const ceiling = rpm / 60 / callsPerTask;
      console.log(
        [
          `${tasks} tasks, each ~1 s of CPU in run_shell and ${callsPerTask} model calls of ${latencyMs} ms; ${cores} cores; provider rpm ${rpm} (at most ${ceiling.toFixed(1)} tasks/s)`,
          ...[...measured].map(([workers, ms]) => {
            const throughput = (tasks / ms) * 1000;
            return `${workers} worker(s): ${(ms / 1000).toFixed(2)} s, ${throughput.toFixed(2)} tasks/s, ${(one / ms).toFixed(2)}× one worker (ideal ${Math.min(workers, cores)}×)`;
          }),
        ].join('\n'),
      );
    } finally {
      await server.close();
      await redis.stop();
    }
  },
  { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
);
