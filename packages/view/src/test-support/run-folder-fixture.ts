import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent, RunResults, TaskResult, Usage } from '@agentbatch/core';

export const secretKey = 'sk-view-test-0123456789abcdef';

const usage = (totalTokens: number): Usage => ({
  calls: 1,
  inputTokens: totalTokens - 10,
  outputTokens: 10,
  cachedInputTokens: 0,
  reasoningTokens: 0,
  totalTokens,
});

export function taskResult(id: string, index: number): TaskResult {
  return {
    id,
    index,
    dir: `/work/project-${index}`,
    prompt: `[task ${index}] do it`,
    status: 'completed',
    iterations: 1,
    durationMs: 1200,
    usage: usage(110),
    usageByRole: { coder: usage(60), evaluator: usage(50) },
    costUsd: 0.01,
    verdict: { status: 'completed', summary: 'done' },
    error: null,
  };
}

export function results(tasks: TaskResult[]): RunResults {
  return {
    schemaVersion: 1,
    runId: 'run-1',
    status: 'passed',
    startedAt: '2026-12-01T10:00:00.000Z',
    endedAt: '2026-12-01T10:00:05.000Z',
    durationMs: 5000,
    summary: {
      total: tasks.length,
      completed: tasks.length,
      incomplete: 0,
      failed: 0,
      error: 0,
      timeout: 0,
      cancelled: 0,
      usage: usage(110 * tasks.length),
      usageByRole: { coder: usage(60), evaluator: usage(50) },
      costUsd: 0.01 * tasks.length,
    },
    tasks,
  };
}

/** An event of any type, its time optional. */
type EventFields = RunEvent extends infer Event
  ? Event extends RunEvent
    ? Omit<Event, 'time'> & { time?: string }
    : never
  : never;

export function event(fields: EventFields): RunEvent {
  return { time: '2026-12-01T10:00:01.000Z', ...fields } as RunEvent;
}

/**
 * A run folder as a run writes it, with a config whose API key comes from `.env` and appears in
 * a transcript (as if a tool had printed it), to prove that what is served is masked.
 */
export function makeRunFolder(): { outDir: string; runDir: string; append(event: RunEvent): void } {
  const root = mkdtempSync(join(tmpdir(), 'agentbatch-view-'));
  writeFileSync(
    join(root, 'agentbatch.yaml'),
    'providers:\n  local:\n    type: openai\n    baseURL: http://127.0.0.1:9/v1\n    apiKey: ${VIEW_TEST_KEY}\n    model: m\nagents:\n  coder: { provider: local }\n  evaluator: { provider: local }\ntasks:\n  - { dir: ., prompt: hi }\n',
  );
  writeFileSync(join(root, '.env'), `VIEW_TEST_KEY=${secretKey}\n`);
  const outDir = join(root, 'runs');
  const runDir = join(outDir, 'run-1');
  mkdirSync(join(runDir, 'tasks', 't-1'), { recursive: true });
  writeFileSync(
    join(runDir, 'run.json'),
    JSON.stringify({
      runId: 'run-1',
      configPath: join(root, 'agentbatch.yaml'),
      startedAt: '2026-12-01T10:00:00.000Z',
    }),
  );
  const append = (entry: RunEvent) => appendFileSync(join(runDir, 'events.jsonl'), `${JSON.stringify(entry)}\n`);
  append(event({ type: 'run-start', runId: 'run-1', runDir, total: 1, concurrency: 1, resumed: false }));
  writeFileSync(
    join(runDir, 'tasks', 't-1', 'transcript.jsonl'),
    `${JSON.stringify({
      type: 'message',
      time: '2026-12-01T10:00:01.000Z',
      iteration: 1,
      role: 'coder',
      message: { role: 'user', content: `the key is ${secretKey} </script><script>alert(1)</script>` },
    })}\n`,
  );
  writeFileSync(join(runDir, 'tasks', 't-1', 'diff.patch'), 'diff --git a/x b/x\n');
  return { outDir, runDir, append };
}

/** A stand-in for the built app, shaped as `vite build` writes it. */
export function makeAppDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentbatch-view-app-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html>\n<html><head>\n<script type="module" crossorigin src="./assets/app.js"></script>\n<link rel="stylesheet" crossorigin href="./assets/app.css">\n</head><body><div id="app"></div></body></html>\n',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'const closing = "</script>"; console.log(closing);\n');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body { color: black; }\n');
  return dir;
}
