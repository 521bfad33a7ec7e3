import type { RunEvent } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { task, usage } from '../test-support/fixtures.js';
import { createLiveState, doneCount, keptCount, type LiveState, reduceLiveState } from './live-state.js';

const START = Date.parse('2025-01-15T06:30:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

const initial = createLiveState({ total: 3, concurrency: 2, startedAt: at(0) });
const reduce = (events: RunEvent[], state: LiveState = initial) => events.reduce(reduceLiveState, state);

const started = (taskId: string, index: number, seconds: number): RunEvent => ({
  type: 'task-start',
  time: at(seconds),
  taskId,
  index,
  dir: `/work/${taskId}`,
  prompt: `Do ${taskId}`,
});

const modelCall = (taskId: string, role: 'coder' | 'evaluator', input: number, output: number): RunEvent => ({
  type: 'model-call-end',
  time: at(5),
  taskId,
  iteration: 1,
  role,
  provider: 'local',
  model: 'm',
  usage: usage(input, output, 1),
  costUsd: 0.01,
  durationMs: 100,
  finishReason: 'stop',
});

const tool = (taskId: string, summary: string, isError = false): RunEvent => ({
  type: 'tool-call-end',
  time: at(6),
  taskId,
  iteration: 1,
  role: 'coder',
  tool: summary.split(' ')[0] as string,
  summary,
  isError,
  durationMs: 3,
});

const retry = (taskId: string, attempt: number, seconds: number, delayMs: number, reason: string): RunEvent => ({
  type: 'model-retry',
  time: at(seconds),
  taskId,
  iteration: 1,
  role: 'coder',
  provider: 'local',
  attempt,
  delayMs,
  reason,
  ...(/^HTTP (\d+)/.test(reason) && { statusCode: Number(/^HTTP (\d+)/.exec(reason)?.[1]) }),
});

describe('reduceLiveState', () => {
  it('starts from what onRunStart tells', () => {
    expect(initial).toMatchObject({ total: 3, concurrency: 2, startedAt: START, resumed: false, running: [] });
    expect(doneCount(initial)).toBe(0);
  });

  it('keeps running tasks in task-list order, whatever order they start in', () => {
    const state = reduce([started('c', 2, 1), started('a', 0, 2), started('b', 1, 3)]);
    expect(state.running.map((running) => running.id)).toEqual(['a', 'b', 'c']);
    expect(state.running[0]).toEqual({
      id: 'a',
      index: 0,
      startedAt: START + 2000,
      iteration: 0,
      activity: 'starting',
      stage: undefined,
      lastTool: undefined,
      tokens: 0,
      retry: undefined,
    });
  });

  it('follows a task through its iterations, stages, agents and tools', () => {
    let state = reduce([started('a', 0, 1), { type: 'iteration-start', time: at(1), taskId: 'a', iteration: 1 }]);
    expect(state.running[0]).toMatchObject({ iteration: 1, activity: 'coding' });
    state = reduce([tool('a', 'write_file src/a.ts (12 lines)')], state);
    expect(state.running[0]?.lastTool).toEqual({ summary: 'write_file src/a.ts (12 lines)', isError: false });
    state = reduce([{ type: 'stage-start', time: at(7), taskId: 'a', iteration: 1, stage: 'verify' }], state);
    expect(state.running[0]).toMatchObject({ activity: 'stage', stage: 'verify' });
    state = reduce([{ type: 'stage-start', time: at(8), taskId: 'a', iteration: 1, stage: 'evaluate' }], state);
    expect(state.running[0]?.activity).toBe('evaluating');
    state = reduce([{ type: 'iteration-start', time: at(9), taskId: 'a', iteration: 2 }], state);
    expect(state.running[0]).toMatchObject({ iteration: 2, activity: 'coding' });
    state = reduce([modelCall('a', 'evaluator', 10, 5)], state);
    expect(state.running[0]?.activity).toBe('evaluating');
  });

  it('adds up tokens and cost for the run and for each task', () => {
    const state = reduce([
      started('a', 0, 1),
      started('b', 1, 1),
      modelCall('a', 'coder', 1000, 200),
      modelCall('b', 'coder', 300, 50),
      modelCall('a', 'evaluator', 400, 30),
    ]);
    expect(state).toMatchObject({ inputTokens: 1700, outputTokens: 280 });
    expect(state.costUsd).toBeCloseTo(0.03);
    expect(state.running.map((running) => running.tokens)).toEqual([1630, 350]);
  });

  it('counts retries, rate limits and waiting time, and shows a retry until the next call', () => {
    let state = reduce([
      started('a', 0, 1),
      retry('a', 1, 10, 2000, 'HTTP 429: Too Many Requests'),
      retry('a', 2, 12, 4000, 'HTTP 503: Service Unavailable'),
      retry('a', 3, 16, 500, 'connection error: ECONNRESET'),
    ]);
    expect(state).toMatchObject({ retries: 3, rateLimited: 1, retryWaitMs: 6500 });
    expect(state.running[0]?.retry).toEqual({
      attempt: 3,
      until: START + 16_500,
      reason: 'connection error: ECONNRESET',
    });
    state = reduce([modelCall('a', 'coder', 1, 1)], state);
    expect(state.running[0]?.retry).toBeUndefined();
  });

  it('moves ended tasks out of the running list and counts them', () => {
    const state = reduce([
      started('a', 0, 1),
      started('b', 1, 1),
      { type: 'task-end', time: at(20), taskId: 'a', result: task({ id: 'a', index: 0 }), done: 1, total: 3 },
      {
        type: 'task-end',
        time: at(21),
        taskId: 'b',
        result: task({ id: 'b', index: 1, status: 'failed' }),
        done: 2,
        total: 3,
      },
    ]);
    expect(state).toMatchObject({ completed: 1, notCompleted: 1, total: 3, running: [] });
    expect(doneCount(state)).toBe(2);
  });

  it('counts the tasks a resumed run does not queue again as done', () => {
    const runStart = (resumed: boolean): RunEvent => ({
      type: 'run-start',
      time: at(0),
      runId: 'r1',
      runDir: '/runs/r1',
      total: 5,
      concurrency: 2,
      resumed,
    });
    const queued = (taskId: string, index: number): RunEvent => ({ type: 'task-queued', time: at(0), taskId, index });
    const resumed = reduce([runStart(true), queued('d', 3), queued('e', 4)]);
    expect(keptCount(resumed)).toBe(3);
    expect(doneCount(resumed)).toBe(3);
    const ended = reduce(
      [
        started('d', 3, 1),
        { type: 'task-end', time: at(9), taskId: 'd', result: task({ id: 'd', index: 3 }), done: 4, total: 5 },
      ],
      resumed,
    );
    expect(doneCount(ended)).toBe(4);
    const fresh = reduce([runStart(false), queued('a', 0)]);
    expect(keptCount(fresh)).toBe(0);
  });

  it('ignores events of tasks it does not know and leaves the old state alone', () => {
    const before = reduce([started('a', 0, 1)]);
    const after = reduce([tool('zzz', 'read_file x'), modelCall('zzz', 'coder', 10, 10)], before);
    expect(after.running).toBe(before.running);
    expect(after.inputTokens).toBe(10);
    expect(before.inputTokens).toBe(0);
  });

  it('records the end of the run', () => {
    const runEnd = { type: 'run-end', time: at(30), results: {} } as RunEvent;
    expect(reduce([runEnd]).endedAt).toBe(START + 30_000);
  });
});
