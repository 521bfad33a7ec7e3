import type { RunEvent, Usage } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { event, results, taskResult } from '../../src/test-support/run-folder-fixture.js';
import type { RunData } from '../../src/view-data.js';
import { buildRunModel } from './run-model.js';

const at = (seconds: number) => new Date(Date.parse('2026-12-01T10:00:00.000Z') + seconds * 1000).toISOString();
const usage = (totalTokens: number): Usage => ({
  calls: 1,
  inputTokens: totalTokens,
  outputTokens: 0,
  cachedInputTokens: 0,
  reasoningTokens: 0,
  totalTokens,
});
const call = (seconds: number, taskId: string, role: 'coder' | 'evaluator', tokens: number, costUsd: number) =>
  event({
    time: at(seconds),
    type: 'model-call-end',
    taskId,
    iteration: 1,
    role,
    provider: 'p',
    model: 'm',
    usage: usage(tokens),
    costUsd,
    durationMs: 10,
    finishReason: 'stop',
  });

function runData(events: RunEvent[], running: boolean, finished = results([])): RunData {
  return { runId: 'run-1', startedAt: at(0), running, results: finished, events, eventsOffset: 0 };
}

describe('buildRunModel', () => {
  const startedEvents = [
    event({ time: at(0), type: 'run-start', runId: 'run-1', runDir: '/r', total: 2, concurrency: 1, resumed: false }),
    event({ time: at(0), type: 'task-queued', taskId: 'a', index: 0 }),
    event({ time: at(0), type: 'task-queued', taskId: 'b', index: 1 }),
    event({ time: at(1), type: 'task-start', taskId: 'a', index: 0, dir: '/w/a', prompt: 'do a' }),
    event({ time: at(1), type: 'iteration-start', taskId: 'a', iteration: 1 }),
    call(2, 'a', 'coder', 100, 0.3),
    call(3, 'a', 'evaluator', 50, 0.1),
  ];

  it('shows a running run from its events: queued and running tasks, spans, calls and usage by role', () => {
    const model = buildRunModel(runData(startedEvents, true, results([])), Date.parse(at(10)));
    expect(model.tasks.map((task) => [task.id, task.status])).toEqual([
      ['a', 'running'],
      ['b', 'queued'],
    ]);
    const [a] = model.tasks;
    expect(a).toMatchObject({ tokens: 150, tokensByRole: { coder: 100, evaluator: 50 }, start: 1000, iterations: 1 });
    expect(a?.spans).toEqual([{ iteration: 1, start: 1000, end: undefined }]);
    expect(a?.calls.map((entry) => entry.time)).toEqual([2000, 3000]);
    expect(model.elapsed).toBe(10_000);
  });

  it('takes what a finished task came to from its result, and splits its cost by role as its calls did', () => {
    const result = { ...taskResult('a', 0), costUsd: 0.8 };
    const ended = [
      ...startedEvents,
      event({ time: at(4), type: 'iteration-end', taskId: 'a', iteration: 1 }),
      event({ time: at(4), type: 'task-end', taskId: 'a', result, done: 1, total: 2 }),
    ];
    const model = buildRunModel(runData(ended, false, results([result])));
    const [a] = model.tasks;
    expect(a).toMatchObject({ status: 'completed', tokens: 110, costUsd: 0.8, end: 4000, verdict: 'done' });
    expect(a?.costByRole.coder).toBeCloseTo(0.6);
    expect(a?.costByRole.evaluator).toBeCloseTo(0.2);
    expect(a?.spans).toEqual([{ iteration: 1, start: 1000, end: 4000 }]);
  });

  it('shows tasks known only from results (a run whose events were lost) and the variants of a matrix run', () => {
    const variant = { ...taskResult('a@x', 0), variant: 'x' };
    const model = buildRunModel(runData([], false, results([variant, taskResult('b', 1)])));
    expect(model.tasks.map((task) => task.id)).toEqual(['a@x', 'b']);
    expect(model.hasVariants).toBe(true);
    expect(model.tasks[0]?.variant).toBe('x');
  });
});
