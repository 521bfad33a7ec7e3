import { describe, expect, it } from 'vitest';
import type { TaskResult, TaskStatus } from '../plugin/run-results.js';
import { summarizeTasks } from './summarize-results.js';

function result(id: string, index: number, status: TaskStatus, variant?: string): TaskResult {
  const coder = {
    calls: 2,
    inputTokens: 100,
    outputTokens: 10,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    totalTokens: 110,
  };
  const evaluator = {
    calls: 1,
    inputTokens: 50,
    outputTokens: 5,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    totalTokens: 55,
  };
  const usage = {
    calls: 3,
    inputTokens: 150,
    outputTokens: 15,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    totalTokens: 165,
  };
  return {
    id: variant ? `${id}@${variant}` : id,
    index,
    dir: `/p/${id}`,
    prompt: 'p',
    status,
    iterations: index + 1,
    durationMs: 1000 * (index + 1),
    usage,
    usageByRole: { coder, evaluator },
    costUsd: 0.1,
    verdict: null,
    error: null,
    ...(variant && { variant }),
  };
}

describe('summarizeTasks', () => {
  it('has no byVariant without a matrix', () => {
    expect(summarizeTasks([result('a', 0, 'completed')]).byVariant).toBeUndefined();
  });

  it('sums each variant apart, in the order of the task list, whatever order the tasks ended in', () => {
    const tasks = [
      result('b', 3, 'completed', 'big'),
      result('a', 0, 'completed', 'small'),
      result('a', 1, 'completed', 'big'),
      result('b', 2, 'incomplete', 'small'),
    ];
    const { byVariant, usage, costUsd } = summarizeTasks(tasks);
    expect(Object.keys(byVariant ?? {})).toEqual(['small', 'big']);
    expect(byVariant?.small).toMatchObject({
      total: 2,
      completed: 1,
      incomplete: 1,
      iterations: 1 + 3,
      durationMs: 1000 + 3000,
      costUsd: 0.2,
      usage: { calls: 6, totalTokens: 330 },
      usageByRole: { coder: { calls: 4 }, evaluator: { calls: 2 } },
    });
    expect(byVariant?.big).toMatchObject({ total: 2, completed: 2, iterations: 2 + 4, durationMs: 6000 });
    expect((byVariant?.small?.usage.calls ?? 0) + (byVariant?.big?.usage.calls ?? 0)).toBe(usage.calls);
    expect(costUsd).toBe(0.4);
  });
});
