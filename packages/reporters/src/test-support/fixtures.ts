/** Realistic `RunResults` and reporter contexts for the reporters' tests. */
import {
  addUsage,
  type ReporterContext,
  type RunResults,
  type TaskResult,
  type TaskStatus,
  type Usage,
} from '@agentbatch/core';

export function usage(inputTokens: number, outputTokens: number, calls: number, cachedInputTokens = 0): Usage {
  return {
    calls,
    inputTokens,
    outputTokens,
    cachedInputTokens,
    reasoningTokens: 0,
    totalTokens: inputTokens + outputTokens,
  };
}

export interface TaskFixture {
  id: string;
  index: number;
  prompt?: string;
  status?: TaskStatus;
  iterations?: number;
  durationMs?: number;
  coder?: Usage;
  evaluator?: Usage;
  costUsd?: number;
  verdict?: TaskResult['verdict'];
  error?: TaskResult['error'];
}

export function task(fixture: TaskFixture): TaskResult {
  const coder = fixture.coder ?? usage(1000, 400, 2);
  const evaluator = fixture.evaluator ?? usage(200, 90, 1);
  const status = fixture.status ?? 'completed';
  return {
    id: fixture.id,
    index: fixture.index,
    dir: `/work/projects/${fixture.id}`,
    prompt: fixture.prompt ?? `Do task ${fixture.id}`,
    status,
    iterations: fixture.iterations ?? 1,
    durationMs: fixture.durationMs ?? 10_000,
    usage: addUsage(coder, evaluator),
    usageByRole: { coder, evaluator },
    costUsd: fixture.costUsd ?? 0.01,
    verdict:
      fixture.verdict !== undefined
        ? fixture.verdict
        : status === 'completed'
          ? { status: 'completed', summary: 'All requirements are met.' }
          : null,
    error: fixture.error ?? null,
  };
}

/** Results with the summary computed from `tasks` (given in any order). */
export function runResults(tasks: TaskResult[], extra: Partial<RunResults> = {}): RunResults {
  const empty = usage(0, 0, 0);
  const count = (status: TaskStatus) => tasks.filter((t) => t.status === status).length;
  const completed = count('completed');
  return {
    schemaVersion: 1,
    runId: '20250115-143015-ab12',
    status: completed === tasks.length ? 'passed' : 'failed',
    startedAt: '2025-01-15T06:30:15.000Z',
    endedAt: '2025-01-15T06:32:18.400Z',
    durationMs: 123_400,
    summary: {
      total: tasks.length,
      completed,
      incomplete: count('incomplete'),
      failed: count('failed'),
      error: count('error'),
      timeout: count('timeout'),
      cancelled: count('cancelled'),
      usage: tasks.reduce((acc, t) => addUsage(acc, t.usage), empty),
      usageByRole: {
        coder: tasks.reduce((acc, t) => addUsage(acc, t.usageByRole.coder), empty),
        evaluator: tasks.reduce((acc, t) => addUsage(acc, t.usageByRole.evaluator), empty),
      },
      costUsd: tasks.reduce((acc, t) => acc + t.costUsd, 0),
    },
    tasks,
    ...extra,
  };
}

/** Five tasks covering every kind of ending, given out of index order as a run finishes them. */
export function sampleResults(): RunResults {
  return runResults([
    task({
      id: 'react-perf',
      index: 0,
      prompt: '帮我优化这个React组件的性能\nKeep the public API.',
      iterations: 3,
      durationMs: 45_120,
      coder: usage(900, 500, 2, 300),
      evaluator: usage(300, 190, 1),
      costUsd: 0.0123,
    }),
    task({
      id: 'java|refactor',
      index: 2,
      status: 'error',
      iterations: 2,
      durationMs: 12_000,
      costUsd: 0.002,
      error: { code: 'rate-limited', message: '429 Too Many Requests\nretry budget exhausted' },
    }),
    task({
      id: 'py-errors',
      index: 1,
      status: 'incomplete',
      iterations: 10,
      durationMs: 300_000,
      coder: usage(50_000, 8_000, 30, 40_000),
      evaluator: usage(6_000, 1_000, 10),
      costUsd: 0.25,
      verdict: { status: 'continue', summary: 'Tests still fail: `a | b` <broken>', nextPrompt: 'Fix the tests' },
    }),
    task({
      id: 'docs',
      index: 3,
      status: 'error',
      iterations: 1,
      durationMs: 2_000,
      costUsd: 0,
      error: { code: 'rate-limited', message: '429 rate limited' },
    }),
    task({ id: 'lint', index: 4, iterations: 1, durationMs: 30_000, costUsd: 0.004 }),
  ]);
}

export interface FakeStream {
  stream: NodeJS.WriteStream;
  /** Everything written so far. */
  text(): string;
  lines(): string[];
}

export function fakeStream(isTTY = false): FakeStream {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write(chunk: string | Uint8Array) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  const text = () => chunks.join('');
  return { stream, text, lines: () => text().split('\n').slice(0, -1) };
}

export function reporterContext(configDir: string, stdout = fakeStream()): ReporterContext {
  return { configDir, stdout: stdout.stream, stderr: fakeStream().stream };
}
