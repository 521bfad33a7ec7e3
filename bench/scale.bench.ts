import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bench } from 'vitest';
import { repoRoot } from '../e2e/support/cli.js';
import { startScriptedModelServer } from '../e2e/support/scripted-model-server.js';
import { measureProcess, type ProcessCost } from './support/measure-process.js';
import { callsPerTask, scaleBatch, scaleScripts } from './support/scale-batch.js';

/**
 * agentbatch at the scale it exists for, against a minimal client (bench/support/minimal-client.mjs:
 * raw HTTP, the same request JSON, the same tools, no framework) driving the same scripted batch
 * through the same local model server. Each figure runs both side by side, alternating which goes
 * first, `reps` times; it prints both medians and the ratio agentbatch / client of each repetition
 * (min and median). `npm run bench -- scale --quick` runs a fifth of the size, once.
 */
const quick = process.env.BENCH_QUICK === '1';
const reps = Number(process.env.BENCH_REPS ?? (quick ? 1 : 3));
const tasks = quick ? 200 : 1000;
const concurrency = 100;
const latencyMs = 200;
const memoryTasks = quick ? [200, 1000] : [1000, 5000];
const memoryLatencyMs = 20;

const agentbatchBin = join(repoRoot, 'packages/cli/bin/agentbatch.js');
const minimalClient = join(repoRoot, 'bench/support/minimal-client.mjs');

interface Side extends ProcessCost {
  calls: number;
  firstCallMs: number;
}

interface Pair {
  client: Side;
  agentbatch: Side;
  /** The minimal client on the official OpenAI SDK, where the figure asks for it. */
  sdkClient?: Side;
}

type Who = 'client' | 'sdkClient' | 'agentbatch';

type RequestTemplate = { system: string; tools: unknown[] };

/**
 * One batch, run by both clients (alternating who goes first) against one scripted server, `reps`
 * times; with `sdk`, also by the minimal client on the official SDK, each repetition in turn.
 */
async function sideBySide(
  count: number,
  delayMs: number,
  shell: boolean,
  repetitions = reps,
  sdk = false,
): Promise<Pair[]> {
  let firstRequestAt = Number.NaN;
  const templates: Partial<Record<'coder' | 'evaluator', RequestTemplate>> = {};
  const server = await startScriptedModelServer(scaleScripts(shell), {
    delayMs,
    onRequest(body) {
      if (Number.isNaN(firstRequestAt)) firstRequestAt = performance.now();
      const { messages, tools } = body as { messages: Array<{ role: string; content: string }>; tools: unknown[] };
      const system = messages.find((message) => message.role === 'system')?.content ?? '';
      templates[system.includes('You review the work') ? 'evaluator' : 'coder'] ??= { system, tools };
    },
  });
  const run = async (who: Who, size = count): Promise<Side> => {
    const batch = scaleBatch(size, concurrency);
    const before = server.calls.length;
    firstRequestAt = Number.NaN;
    let spawnedAt = 0;
    const onSpawn = (at: number) => {
      spawnedAt = at;
    };
    let cost: ProcessCost;
    if (who === 'agentbatch') {
      cost = await measureProcess([agentbatchBin, 'run', 'agentbatch.yaml'], {
        cwd: batch.dir,
        env: { MODEL_URL: server.url },
        onSpawn,
      });
    } else {
      const job = join(batch.dir, 'job.json');
      const client = { url: server.url, concurrency, sdk: who === 'sdkClient', tasks: batch.tasks, ...templates };
      writeFileSync(job, JSON.stringify(client));
      cost = await measureProcess([minimalClient, job], { cwd: batch.dir, onSpawn });
    }
    const calls = server.calls.length - before;
    rmSync(batch.dir, { recursive: true, force: true });
    if (cost.exitCode !== 0 || calls !== size * callsPerTask)
      throw new Error(
        `${who} exited ${cost.exitCode} after ${calls} of ${size * callsPerTask} model calls:\n${cost.stderrTail}`,
      );
    return { ...cost, calls, firstCallMs: firstRequestAt - spawnedAt };
  };
  try {
    // One task first, so that the client has agentbatch's request JSON to send.
    await run('agentbatch', 1);
    if (!templates.coder || !templates.evaluator) throw new Error('agentbatch sent no requests to capture');
    const pairs: Pair[] = [];
    const sides: Who[] = sdk ? ['client', 'agentbatch', 'sdkClient'] : ['client', 'agentbatch'];
    for (let rep = 0; rep < repetitions; rep++) {
      // Each repetition starts with the next side, so none always runs first.
      const order = sides.map((_, index) => sides[(index + rep) % sides.length] as Who);
      const measured: Partial<Record<Who, Side>> = {};
      for (const who of order) measured[who] = await run(who);
      const { client, agentbatch, sdkClient } = measured as Record<Who, Side>;
      pairs.push({ client, agentbatch, ...(sdk && { sdkClient }) });
    }
    return pairs;
  } finally {
    await server.close();
  }
}

/** `node <args>` wall times, alternating with `node -e 0`. */
async function startUp(args: string[]): Promise<Array<{ plain: number; measured: number }>> {
  const times = [];
  for (let rep = 0; rep < Math.max(5, reps); rep++) {
    const plain = (await measureProcess(['-e', '0'], { cwd: repoRoot })).wallMs;
    times.push({ plain, measured: (await measureProcess(args, { cwd: repoRoot })).wallMs });
  }
  return times;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const fixed = (value: number, digits = 2) => value.toFixed(digits);
/** The pairs with the minimal client on the official SDK in the client's place. */
const onSdk = (pairs: Pair[]): Pair[] =>
  pairs.map((pair) => ({ client: pair.sdkClient as Side, agentbatch: pair.agentbatch }));

function row(name: string, pairs: Pair[], value: (side: Side) => number, unit: string, goal: string): string {
  const ratios = pairs.map((pair) => value(pair.agentbatch) / value(pair.client));
  return [
    name.padEnd(44),
    `${fixed(median(pairs.map((pair) => value(pair.client))))} ${unit}`.padStart(14),
    `${fixed(median(pairs.map((pair) => value(pair.agentbatch))))} ${unit}`.padStart(14),
    `${fixed(Math.min(...ratios))} / ${fixed(median(ratios))} ×`.padStart(16),
    `  ${goal}`,
  ].join('');
}

bench(
  `${tasks} tasks × ${callsPerTask} calls at concurrency ${concurrency}: agentbatch against a minimal client`,
  async () => {
    // Each figure is printed as soon as it is measured, the quick ones first.
    const print = (lines: string[]) => console.log(lines.join('\n'));
    print([
      `${reps} repetitions; medians, and the ratio agentbatch / client as min / median`,
      `${''.padEnd(44)}${'client'.padStart(14)}${'agentbatch'.padStart(14)}${'ratio'.padStart(16)}  goal`,
    ]);
    const help = await startUp([agentbatchBin, '--help']);
    const helpRatios = help.map((time) => time.measured / time.plain);
    print([
      `agentbatch --help: ${fixed(median(help.map((time) => time.measured)) / 1000)} s, node -e 0: ${fixed(median(help.map((time) => time.plain)) / 1000)} s, ratio ${fixed(Math.min(...helpRatios))} / ${fixed(median(helpRatios))} ×  (goal ≤ 3 ×)`,
    ]);
    const firstCall = await sideBySide(6, 0, false, Math.max(5, reps), true);
    const firstCallOnSdk = onSdk(firstCall);
    print([
      row('process start to first model call', firstCall, (side) => side.firstCallMs / 1000, 's', '≤ 0.3 s'),
      row('  same, the client on the official OpenAI SDK', firstCallOnSdk, (side) => side.firstCallMs / 1000, 's', ''),
    ]);

    const idealMs = Math.ceil(tasks / concurrency) * callsPerTask * latencyMs;
    const wall = (side: Side) => side.wallMs / 1000;
    const plain = await sideBySide(tasks, latencyMs, false, reps, true);
    print([
      `${tasks} tasks × ${callsPerTask} calls, concurrency ${concurrency}, ${latencyMs} ms per call (ideal ${fixed(idealMs / 1000)} s)`,
      row('  wall', plain, wall, 's', '≤ 1.10 ×'),
      row('  wall / ideal', plain, (side) => side.wallMs / idealMs, '', ''),
      row('  CPU per model call', plain, (side) => side.cpuMs / side.calls, 'ms', '≤ 1.5 ×'),
      row('  same, the client on the official OpenAI SDK', onSdk(plain), (side) => side.cpuMs / side.calls, 'ms', ''),
      row('  wall, the client on the official OpenAI SDK', onSdk(plain), wall, 's', ''),
      row('  event-loop delay p99', plain, (side) => side.loopDelayP99Ms, 'ms', ''),
      row('  event loop busy', plain, (side) => side.loopUtilization * 100, '%', ''),
    ]);
    const shells = await sideBySide(tasks, latencyMs, true);
    print([
      'the same with one `run_shell echo hi` per coder turn',
      row('  wall', shells, wall, 's', '≤ 1.20 ×'),
      row('  event-loop delay p99', shells, (side) => side.loopDelayP99Ms, 'ms', ''),
    ]);

    const memory = [];
    for (const count of memoryTasks) {
      const pairs = await sideBySide(count, memoryLatencyMs, false);
      memory.push(pairs);
      print([
        row(`peak RSS, ${count} tasks, ${memoryLatencyMs} ms per call`, pairs, (side) => side.peakRssMb, 'MB', ''),
      ]);
    }
    const [small = [], large = []] = memory;
    const growth = small.map((pair, index) => (large[index]?.agentbatch.peakRssMb ?? 0) / pair.agentbatch.peakRssMb);
    print([
      `  agentbatch ${memoryTasks[1]} / ${memoryTasks[0]} tasks: ${fixed(Math.min(...growth))} / ${fixed(median(growth))} ×  (goals: ≤ 1.3 ×, < 300 MB at ${memoryTasks[1]})`,
    ]);
  },
  { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
);
