import type { RunEvent } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { task, usage } from '../test-support/fixtures.js';
import { createPalette } from './create-palette.js';
import { textWidth } from './fit-line.js';
import { liveMessages } from './live-messages.js';
import { createLiveState, type LiveState, reduceLiveState } from './live-state.js';
import { formatClockDuration, type LiveViewOptions, renderLiveView } from './render-live-view.js';

const START = Date.parse('2025-01-15T06:30:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

const taskStart = (taskId: string, index: number, seconds: number): RunEvent => ({
  type: 'task-start',
  time: at(seconds),
  taskId,
  index,
  dir: `/work/${taskId}`,
  prompt: `Do ${taskId}`,
});

const taskEnd = (
  taskId: string,
  index: number,
  done: number,
  status: 'completed' | 'failed',
  total = 12,
): RunEvent => ({
  type: 'task-end',
  time: at(9),
  taskId,
  result: task({ id: taskId, index, status }),
  done,
  total,
});

/** Twelve tasks at 0:10: three ended (one failed), three running, one of them waiting to retry. */
const events: RunEvent[] = [
  taskStart('a', 0, 1),
  taskStart('b', 1, 2),
  taskStart('c', 11, 3),
  { type: 'iteration-start', time: at(1), taskId: 'a', iteration: 2 },
  { type: 'iteration-start', time: at(2), taskId: 'b', iteration: 1 },
  {
    type: 'tool-call-end',
    time: at(4),
    taskId: 'a',
    iteration: 2,
    role: 'coder',
    tool: 'write_file',
    summary: 'write_file src/components/名字.ts (12 lines)',
    isError: false,
    durationMs: 3,
  },
  {
    type: 'model-call-end',
    time: at(5),
    taskId: 'a',
    iteration: 2,
    role: 'coder',
    provider: 'local',
    model: 'm',
    usage: usage(12_000, 800, 1),
    costUsd: 0.012,
    durationMs: 900,
    finishReason: 'tool-calls',
  },
  {
    type: 'model-retry',
    time: at(8),
    taskId: 'b',
    iteration: 1,
    role: 'coder',
    provider: 'local',
    attempt: 1,
    delayMs: 4000,
    reason: 'HTTP 429: Too Many Requests\nretry-after: 4',
    statusCode: 429,
  },
  taskEnd('x', 3, 1, 'completed'),
  taskEnd('y', 4, 2, 'failed'),
  taskEnd('z', 5, 3, 'completed'),
];

const state: LiveState = events.reduce(
  reduceLiveState,
  createLiveState({ total: 12, concurrency: 3, startedAt: at(0) }),
);

const render = (options: Partial<LiveViewOptions> = {}, from: LiveState = state) =>
  renderLiveView(from, {
    now: START + 10_000,
    columns: 120,
    rows: 40,
    messages: liveMessages.en,
    paint: createPalette(false),
    ...options,
  });

describe('renderLiveView', () => {
  it('shows progress, time, usage, retries and a row per running task', () => {
    expect(render()).toEqual([
      '⠋ ██████░░░░░░░░░░░░░░░░░░ 25% 3/12 · elapsed 0:10 · ETA ~0:30 · 3 running',
      '  12,000 in / 800 out tokens · cost $0.0120 · 1 retry (1 rate limited, 4.0s waiting)',
      '  #1   iter 2  coding         write_file src/components/名字.ts (12 lines)                             12,800 tok  0:09',
      '  #2   iter 1  retry 1 in 2s  HTTP 429: Too Many Requests…                                                  0 tok  0:08',
      '  #12          starting                                                                                     0 tok  0:07',
    ]);
  });

  it("speaks Chinese with lang 'zh'", () => {
    const lines = render({ messages: liveMessages.zh });
    expect(lines[0]).toBe('⠋ ██████░░░░░░░░░░░░░░░░░░ 25% 3/12 · 已用 0:10 · 预计剩余 ~0:30 · 运行中 3');
    expect(lines[1]).toBe('  Token 输入 12,000 / 输出 800 · 费用 $0.0120 · 重试 1 次 (限流 1 次, 等待 4.0s)');
    expect(lines[2]).toMatch(
      /^ {2}任务 1 {3}第 2 轮 {2}处理中 +write_file src\/components\/名字\.ts \(12 lines\) +12,800 tok {2}0:09$/,
    );
    expect(lines[3]).toMatch(/^ {2}任务 2 {3}第 1 轮 {2}2s 后第 1 次重试 {2}HTTP 429/);
  });

  it('never reaches the last column, CJK and emoji counted as two', () => {
    for (const messages of [liveMessages.en, liveMessages.zh]) {
      for (const columns of [30, 45, 60, 80, 100, 200]) {
        for (const line of render({ columns, messages })) {
          expect(textWidth(line), `${columns}: ${line}`).toBeLessThanOrEqual(columns - 1);
        }
      }
    }
    const narrow = render({ columns: 60 });
    expect(narrow[0]).toBe('⠋ ███░░░░░░░░░ 25% 3/12 · elapsed 0:10 · ETA ~0:30 · 3 run…');
    expect(narrow[2]).toBe('  #1   iter 2  coding         write_file…  12,800 tok  0:09');
  });

  it('lists as many tasks as the terminal has rows for, then how many more run', () => {
    const many = Array.from({ length: 8 }, (_, index) => taskStart(`t${index}`, index, 1)).reduce(
      reduceLiveState,
      createLiveState({ total: 8, concurrency: 8, startedAt: at(0) }),
    );
    const lines = render({ rows: 8 }, many);
    expect(lines).toHaveLength(7);
    expect(lines.slice(2).map((line) => line.trim().split(/\s+/)[0])).toEqual(['#1', '#2', '#3', '#4', '…']);
    expect(lines[6]).toBe('  … 4 more running');
    expect(render({ rows: 30 }, many)).toHaveLength(10);
  });

  it("names a matrix task's variant beside its number, the columns aligned", () => {
    const matrix = [
      { ...taskStart('a@claude', 0, 1), variant: 'claude' },
      { ...taskStart('a@qwen', 0, 2), variant: 'qwen' },
    ].reduce(reduceLiveState, createLiveState({ total: 2, concurrency: 2, startedAt: at(0) }));
    expect(render({}, matrix).slice(2)).toEqual([
      '  #1 @claude    starting                                                                                    0 tok  0:09',
      '  #1 @qwen      starting                                                                                    0 tok  0:08',
    ]);
  });

  it('counts a retry down, then shows the task at work again', () => {
    expect(render({ now: START + 8_200 })[3]).toContain('retry 1 in 4s');
    expect(render({ now: START + 11_500 })[3]).toContain('retry 1 in 1s');
    const after = render({ now: START + 12_000 })[3];
    expect(after).toMatch(/^ {2}#2 {3}iter 1 {2}coding {2}/);
    expect(after).not.toContain('HTTP 429');
  });

  it('has no ETA before a task ends, and none left once all have', () => {
    const fresh = createLiveState({ total: 2, concurrency: 2, startedAt: at(0) });
    expect(render({}, fresh)).toEqual([
      '⠋ ░░░░░░░░░░░░░░░░░░░░░░░░ 0% 0/2 · elapsed 0:10 · ETA --',
      '  0 in / 0 out tokens · cost $0.0000 · no retries',
    ]);
    const finished = [taskEnd('x', 0, 1, 'completed', 2), taskEnd('y', 1, 2, 'completed', 2)].reduce(
      reduceLiveState,
      fresh,
    );
    const ended = reduceLiveState(finished, { type: 'run-end', time: at(20), results: {} } as RunEvent);
    expect(render({ now: START + 99_000 }, ended)[0]).toBe(
      '⠋ ████████████████████████ 100% 2/2 · elapsed 0:20 · ETA ~0:00',
    );
  });

  it('estimates from the tasks that ended in this session, counting kept ones as done', () => {
    const sessionEvents: RunEvent[] = [
      { type: 'run-start', time: at(0), runId: 'r1', runDir: '/r1', total: 4, concurrency: 1, resumed: true },
      { type: 'task-queued', time: at(0), taskId: 'c', index: 2 },
      { type: 'task-queued', time: at(0), taskId: 'd', index: 3 },
      taskEnd('c', 2, 3, 'completed', 4),
    ];
    const resumed = sessionEvents.reduce(
      reduceLiveState,
      createLiveState({ total: 4, concurrency: 1, startedAt: at(0) }),
    );
    expect(render({ paint: createPalette(true) }, resumed)[0]).toContain(
      '████████████\u001b[32m██████\u001b[39m\u001b[2m░░░░░░\u001b[22m\u001b[1m 75% 3/4\u001b[22m · elapsed 0:10 · ETA ~0:10',
    );
  });

  it('counts only running time after a resume: not the hours since the first session started', () => {
    // The run first started a day before this session; its earlier session ran for 1:30.
    const firstStart = new Date(START - 86_400_000).toISOString();
    const sessionEvents: RunEvent[] = [
      {
        type: 'run-start',
        time: at(0),
        runId: 'r1',
        runDir: '/r1',
        total: 4,
        concurrency: 1,
        resumed: true,
        earlierRunningMs: 90_000,
      },
      { type: 'task-queued', time: at(0), taskId: 'c', index: 2 },
      { type: 'task-queued', time: at(0), taskId: 'd', index: 3 },
      taskEnd('c', 2, 3, 'completed', 4),
    ];
    const resumed = sessionEvents.reduce(
      reduceLiveState,
      createLiveState({ total: 4, concurrency: 1, startedAt: firstStart }),
    );
    expect(render({}, resumed)[0]).toContain('75% 3/4 · elapsed 1:40 · ETA ~0:10');
  });

  it('colours the bar by outcome, the activity, and failed tools', () => {
    const lines = render({ paint: createPalette(true) });
    expect(lines[0]).toContain('\u001b[32m████\u001b[39m\u001b[31m██\u001b[39m\u001b[2m░░░░░░░░░░░░░░░░░░\u001b[22m');
    expect(lines[2]).toContain('\u001b[36mcoding');
    expect(lines[3]).toContain('\u001b[33mretry 1 in 2s');
    const failedTool = reduceLiveState(state, {
      type: 'tool-call-end',
      time: at(9),
      taskId: 'a',
      iteration: 2,
      role: 'evaluator',
      tool: 'run_shell',
      summary: 'run_shell npm test (exit 1)',
      isError: true,
      durationMs: 40,
    });
    const row = render({ paint: createPalette(true) }, failedTool)[2];
    expect(row).toContain('\u001b[35mevaluating');
    expect(row).toContain('\u001b[31mrun_shell npm test (exit 1)');
  });

  it('turns the spinner with the clock', () => {
    const frames = [0, 100, 200, 1000].map((offset) => render({ now: START + 10_000 + offset })[0]?.[0]);
    expect(frames).toEqual(['⠋', '⠙', '⠹', '⠋']);
  });
});

describe('formatClockDuration', () => {
  it('reads as a clock', () => {
    expect(formatClockDuration(0)).toBe('0:00');
    expect(formatClockDuration(9_999)).toBe('0:09');
    expect(formatClockDuration(723_000)).toBe('12:03');
    expect(formatClockDuration(3_723_000)).toBe('1:02:03');
    expect(formatClockDuration(-5)).toBe('0:00');
  });
});
