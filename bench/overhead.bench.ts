import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench } from 'vitest';
import { repoRoot, runCli } from '../e2e/support/cli.js';
import type { Scripts } from '../e2e/support/model-script.js';
import { onlyRun } from '../e2e/support/run-folder.js';
import { startScriptedModelServer } from '../e2e/support/scripted-model-server.js';

/**
 * One task's agents, with tools that cost next to nothing (no process start-up beyond a `grep`),
 * so that what is measured is agentbatch and the model latency, not the machine's CPU.
 */
const scripts: Scripts = {
  '[overhead]': {
    coder: [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
      { toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.js', old_string: 'a - b', new_string: 'a + b' } }] },
      { toolCalls: [{ name: 'run_shell', arguments: { command: "grep -c 'a + b' calc.js" } }] },
      { text: 'Fixed.' },
    ],
    evaluator: [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'calc.js' } }] },
      { toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'Fixed.' } }] },
    ],
  },
};

/**
 * What agentbatch itself costs around the model calls. N copies of one task (6 model calls: read,
 * edit, run the test, reply; the evaluator reads and accepts) run at concurrency C against a
 * server that takes L ms per call. The ideal is the latency-only critical path, ceil(N / C) waves
 * × 6 calls × L, not a one-task run of agentbatch (which would hide its own per-task cost); the
 * ratio ideal / measured says how much of the wall time went to waiting for the model.
 * Peak memory is sampled from /proc; per task, it is the growth from a one-task run.
 * (`npm run bench -- scale` measures the same against a minimal client, at 1,000 tasks and more.)
 */
const callsPerTask = 6;
const tasks = Number(process.env.BENCH_TASKS ?? 60);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 250);

interface Measured {
  durationMs: number;
  peakRssMb: number;
  completed: number;
}

function batchOf(count: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'agentbatch-overhead-')), 'batch');
  const list = [];
  for (let index = 0; index < count; index++) {
    cpSync(join(repoRoot, 'e2e/fixtures/batch/calculator'), join(dir, `calc-${index}`), { recursive: true });
    list.push({
      dir: `./calc-${index}`,
      first_prompt: `[overhead] Fix add in calc.js (copy ${index}).`,
    });
  }
  writeFileSync(join(dir, 'task.json'), JSON.stringify({ tasks: list }));
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    'providers:\n  local: { type: openai, baseURL: "${MODEL_URL}", apiKey: local, model: scripted }\n' +
      'agents:\n  coder: { provider: local }\n  evaluator: { provider: local }\n' +
      `run: { concurrency: ${concurrency} }\ntasks: ./task.json\nreporters: [json]\n`,
  );
  return dir;
}

/** The highest resident set size the process reached (VmHWM), sampled until it exits. */
function watchPeakRss(pid: number | undefined): () => number {
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // Gone already: the last sample stands.
    }
  }, 20);
  return () => {
    clearInterval(timer);
    return peakKb / 1024;
  };
}

async function measure(count: number, url: string): Promise<Measured> {
  const dir = batchOf(count);
  const run = runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: url } });
  const peak = watchPeakRss(run.pid);
  await run;
  const { results } = onlyRun(dir);
  return { durationMs: results.durationMs, peakRssMb: peak(), completed: results.summary.completed };
}

bench(
  `${tasks} tasks at concurrency ${concurrency}, ${latencyMs} ms per model call`,
  async () => {
    const server = await startScriptedModelServer(scripts, { delayMs: latencyMs });
    try {
      const alone = await measure(1, server.url);
      const batch = await measure(tasks, server.url);
      const ideal = Math.ceil(tasks / concurrency) * callsPerTask * latencyMs;
      console.log(
        [
          `one task alone: ${(alone.durationMs / 1000).toFixed(2)} s, peak RSS ${alone.peakRssMb.toFixed(0)} MB`,
          `${tasks} tasks:        ${(batch.durationMs / 1000).toFixed(2)} s, peak RSS ${batch.peakRssMb.toFixed(0)} MB, ${batch.completed} completed`,
          `ideal (ceil(N/C) waves × ${callsPerTask} calls × ${latencyMs} ms): ${(ideal / 1000).toFixed(2)} s`,
          `efficiency, ideal / measured: ${(ideal / batch.durationMs).toFixed(3)}`,
          `memory per task: ${(((batch.peakRssMb - alone.peakRssMb) * 1024) / (tasks - 1)).toFixed(0)} KB`,
        ].join('\n'),
      );
    } finally {
      await server.close();
    }
  },
  { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
);
