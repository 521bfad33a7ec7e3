import { describe, expect, it } from 'vitest';
import type { RunResults, TaskResult } from '../plugin/run-results.js';
import { resultsText, taskResultText } from './results-text.js';

const usage = { calls: 2, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, reasoningTokens: 0, totalTokens: 15 };

function task(index: number, extra: Partial<TaskResult> = {}): TaskResult {
  return {
    id: `t-${index}`,
    index,
    dir: `/work/task-${index}`,
    prompt: `Fix "it"\nand say $& done`,
    status: 'completed',
    iterations: 1,
    durationMs: 1200,
    usage,
    usageByRole: { coder: usage, evaluator: usage },
    costUsd: 0.01,
    verdict: { status: 'completed', summary: 'ok' },
    error: null,
    ...extra,
  };
}

function results(tasks: TaskResult[]): RunResults {
  return {
    schemaVersion: 1,
    runId: 'r1',
    status: 'interrupted',
    startedAt: '2026-12-02T00:00:00.000Z',
    endedAt: '2026-12-02T00:01:00.000Z',
    durationMs: 60_000,
    summary: {
      total: 3,
      completed: tasks.length,
      incomplete: 0,
      failed: 0,
      error: 0,
      timeout: 0,
      cancelled: 0,
      usage,
      usageByRole: { coder: usage, evaluator: usage },
      costUsd: 0.02,
    },
    tasks,
  };
}

describe('resultsText', () => {
  it('is JSON.stringify(results, null, 2) put together from each task’s own text', () => {
    const many = results([task(0), task(1, { attempts: [{ attempt: 1 } as never], variant: 'a' }), task(2)]);
    expect(resultsText(many)).toBe(`${JSON.stringify(many, null, 2)}\n`);
    const none = results([]);
    expect(resultsText(none)).toBe(`${JSON.stringify(none, null, 2)}\n`);
  });

  it('takes each task’s text from the caller, and hands it the rest to mask', () => {
    const run = results([task(0), task(1)]);
    const seen: string[] = [];
    const text = resultsText(
      run,
      (each) => {
        seen.push(each.id);
        return taskResultText(each).replaceAll('/work', '/***');
      },
      (head) => head.replace('r1', '***'),
    );
    expect(seen).toEqual(['t-0', 't-1']);
    const parsed = JSON.parse(text) as RunResults;
    expect(parsed.runId).toBe('***');
    expect(parsed.tasks.map((each) => each.dir)).toEqual(['/***/task-0', '/***/task-1']);
  });
});
