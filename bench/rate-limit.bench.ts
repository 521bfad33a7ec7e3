import { bench } from 'vitest';
import { batchFixture } from '../e2e/support/batch-fixture.js';
import { batchScripts } from '../e2e/support/batch-scripts.js';
import { runCli } from '../e2e/support/cli.js';
import { startFaultProxy } from '../e2e/support/fault-proxy.js';
import { onlyRun } from '../e2e/support/run-folder.js';
import { startScriptedModelServer } from '../e2e/support/scripted-model-server.js';

/**
 * How close a batch runs to a server's rate limit. The server answers at most R requests in any
 * 60 s (sliding window) and sends 429 + Retry-After beyond that. The same batch runs twice, side
 * by side (each against its own server): with `rpm: R` configured, and without it, so that only
 * the 429s and their Retry-After slow it down. Each prints the rate reached as a share of R, how
 * bursty it was, the 429s and the tasks that failed. The batch is sized to last about 65 s at the limit; `BENCH_RPM`
 * and `BENCH_COPIES` (each copy is three tasks, about 22 model calls) change that.
 */
const rpm = Number(process.env.BENCH_RPM ?? 300);
const copies = Number(process.env.BENCH_COPIES ?? 15);

interface Measured {
  label: string;
  tasks: number;
  failedTasks: number;
  answered: number;
  spanMs: number;
  sustained: number;
  firstMinute: number;
  peak: number;
  tooManyRequests: number;
}

async function measure(label: string, provider: Record<string, number>): Promise<Measured> {
  const server = await startScriptedModelServer(batchScripts);
  const proxy = await startFaultProxy({ target: server.url, rateLimit: { requests: rpm, windowMs: 60_000 } });
  try {
    const dir = batchFixture({ copies, concurrency: 12, provider });
    await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: proxy.url } });
    const { results } = onlyRun(dir);
    const answered = proxy.log.filter((entry) => entry.outcome === 'forwarded').map((entry) => entry.at);
    const first = answered[0] ?? 0;
    const spanMs = (answered.at(-1) ?? first) - first;
    return {
      label,
      tasks: results.summary.total,
      failedTasks: results.summary.total - results.summary.completed,
      answered: answered.length,
      spanMs,
      // Calls per minute from the first answered call to the last (n calls span n - 1 gaps).
      sustained: spanMs > 0 ? ((answered.length - 1) * 60_000) / spanMs / rpm : 0,
      firstMinute: answered.filter((at) => at < first + 60_000).length / rpm,
      // The busiest 10 s against an even pace: 1 when calls are spread out, up to 6 for one burst.
      peak:
        Math.max(...answered.map((start) => answered.filter((at) => at >= start && at < start + 10_000).length)) /
        (rpm / 6),
      tooManyRequests: proxy.count('over-window'),
    };
  } finally {
    await proxy.close();
    await server.close();
  }
}

bench(
  `batch of ${copies * 3} tasks against a server enforcing ${rpm} requests per minute`,
  async () => {
    const runs = await Promise.all([measure(`rpm: ${rpm}`, { rpm }), measure('no rpm (429s only)', {})]);
    const row = (name: string, cell: (run: Measured) => string) =>
      `${name.padEnd(26)}${runs.map((run) => cell(run).padStart(20)).join('')}`;
    console.log(
      [
        `R = ${rpm} requests per minute, ${runs[0]?.tasks} tasks`,
        row('', (run) => run.label),
        row('rate / R (first to last)', (run) => run.sustained.toFixed(3)),
        row('first 60 s / R', (run) => run.firstMinute.toFixed(3)),
        row('busiest 10 s / (R / 6)', (run) => run.peak.toFixed(2)),
        row('calls answered', (run) => `${run.answered} in ${(run.spanMs / 1000).toFixed(1)} s`),
        row('429s from the server', (run) => String(run.tooManyRequests)),
        row('failed tasks', (run) => String(run.failedTasks)),
      ].join('\n'),
    );
  },
  { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
);
