import type { RunEvent, RunInfo, TaskResult } from '@agentbatch/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeStream, reporterContext, runResults, task, usage } from '../test-support/fixtures.js';
import { VirtualTerminal } from '../test-support/virtual-terminal.js';
import { consoleMessages } from './console-messages.js';
import { consoleReporter, shouldUseLiveView } from './console-reporter.js';
import { createPalette } from './create-palette.js';
import { LiveConsole } from './live-console.js';
import { LiveConsoleOnDemand } from './live-console-on-demand.js';
import { liveMessages } from './live-messages.js';
import { PlainConsole } from './plain-console.js';

const START = Date.parse('2025-01-15T06:30:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

const info: RunInfo = {
  runId: 'r1',
  runDir: '/runs/r1',
  configPath: '/work/agentbatch.yaml',
  total: 2,
  concurrency: 2,
  startedAt: at(0),
};

const taskA = task({ id: 'a', index: 0, iterations: 1, durationMs: 4_000, coder: usage(900, 100, 1) });
const taskB = task({
  id: 'b',
  index: 1,
  status: 'error',
  iterations: 1,
  durationMs: 7_000,
  error: { code: 'rate-limited', message: 'HTTP 429: Too Many Requests' },
});
const results = runResults([taskA, taskB], { durationMs: 8_000 });

const taskEnd = (result: TaskResult, done: number, seconds: number): RunEvent => ({
  type: 'task-end',
  time: at(seconds),
  taskId: result.id,
  result,
  done,
  total: 2,
});

const opening: RunEvent[] = [
  { type: 'run-start', time: at(0), runId: 'r1', runDir: '/runs/r1', total: 2, concurrency: 2, resumed: false },
  { type: 'task-queued', time: at(0), taskId: 'a', index: 0 },
  { type: 'task-queued', time: at(0), taskId: 'b', index: 1 },
  { type: 'task-start', time: at(0), taskId: 'a', index: 0, dir: '/work/a', prompt: 'Do a' },
  { type: 'task-start', time: at(0), taskId: 'b', index: 1, dir: '/work/b', prompt: 'Do b' },
  { type: 'iteration-start', time: at(0), taskId: 'a', iteration: 1 },
  { type: 'iteration-start', time: at(0), taskId: 'b', iteration: 1 },
  {
    type: 'tool-call-end',
    time: at(1),
    taskId: 'a',
    iteration: 1,
    role: 'coder',
    tool: 'read_file',
    summary: 'read_file calc.js',
    isError: false,
    durationMs: 2,
  },
  {
    type: 'model-retry',
    time: at(1),
    taskId: 'b',
    iteration: 1,
    role: 'coder',
    provider: 'local',
    attempt: 1,
    delayMs: 2000,
    reason: 'HTTP 429: Too Many Requests',
    statusCode: 429,
  },
];

let terminal: VirtualTerminal;

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  terminal = new VirtualTerminal(100, 30);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

function liveConsole(lang: 'en' | 'zh' = 'en'): LiveConsole {
  return new LiveConsole({
    messages: consoleMessages[lang],
    liveMessages: liveMessages[lang],
    paint: createPalette(false),
    stdout: terminal.stream,
  });
}

describe('LiveConsole', () => {
  it('redraws a live area below the permanent lines, and leaves only them and the summary', () => {
    const reporter = liveConsole();
    reporter.onRunStart(info);
    expect(terminal.screen()).toEqual([
      '🚀 Starting parallel run (concurrency: 2)...',
      '⠋ ░░░░░░░░░░░░░░░░░░░░░░░░ 0% 0/2 · elapsed 0:00 · ETA --',
      '  0 in / 0 out tokens · cost $0.0000 · no retries',
    ]);

    for (const event of opening) reporter.onEvent(event);
    vi.advanceTimersByTime(1_500);
    const running = terminal.screen();
    expect(running[0]).toBe('🚀 Starting parallel run (concurrency: 2)...');
    expect(running[1]).toMatch(/^. ░{24} 0% 0\/2 · elapsed 0:01 · ETA -- · 2 running$/);
    expect(running[2]).toBe('  0 in / 0 out tokens · cost $0.0000 · 1 retry (1 rate limited, 2.0s waiting)');
    expect(running[3]).toMatch(/^ {2}#1 {2}iter 1 {2}coding {9}read_file calc\.js +0 tok {2}0:01$/);
    expect(running[4]).toMatch(/^ {2}#2 {2}iter 1 {2}retry 1 in 2s {2}HTTP 429: Too Many Requests +0 tok {2}0:01$/);
    expect(running).toHaveLength(5);

    vi.setSystemTime(START + 4_000);
    reporter.onEvent(taskEnd(taskA, 1, 4));
    const afterFirst = terminal.screen();
    expect(afterFirst.slice(0, 4)).toEqual([
      '🚀 Starting parallel run (concurrency: 2)...',
      '✅ Task 1 completed (4.00s) [1/2]',
      '📊 Status: completed, iterations: 1',
      '💾 Tokens: 1,290 total (1,100 in, 190 out) - 2 calls',
    ]);
    expect(afterFirst[4]).toMatch(/^. █{12}░{12} 50% 1\/2 · elapsed 0:04 · ETA ~0:04 · 1 running$/);
    expect(afterFirst.slice(6).map((line) => line.trim().split(/\s+/)[0])).toEqual(['#2']);

    vi.setSystemTime(START + 8_000);
    reporter.onEvent(taskEnd(taskB, 2, 7));
    reporter.onEvent({ type: 'run-end', time: at(8), results });
    reporter.onRunEnd(results);
    expect(terminal.screen()).toEqual([
      '🚀 Starting parallel run (concurrency: 2)...',
      '✅ Task 1 completed (4.00s) [1/2]',
      '📊 Status: completed, iterations: 1',
      '💾 Tokens: 1,290 total (1,100 in, 190 out) - 2 calls',
      '❌ Task 2 error (7.00s) [2/2]',
      '📊 Status: error, iterations: 1',
      '💾 Tokens: 1,690 total (1,200 in, 490 out) - 3 calls',
      '💥 Error (rate-limited): HTTP 429: Too Many Requests',
      '',
      '🏁 Run failed: 1/2 completed in 8.00s',
      '   error 1',
      '   ❌ #2 b: Do task b - error: HTTP 429: Too Many Requests',
      '💾 Tokens: 2,980 total (2,300 in, 680 out) - 5 calls',
      '   coder: 2,400 total (1,900 in, 500 out) - 3 calls',
      '   evaluator: 580 total (400 in, 180 out) - 2 calls',
      '   cached input: 0.0% (0 of 2,300)',
      '💰 Cost: $0.0200',
      '📁 Results: /runs/r1/results.json',
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('redraws on its timer a few times a second, not on every event', () => {
    const reporter = liveConsole();
    reporter.onRunStart(info);
    for (const event of opening) reporter.onEvent(event);
    expect(terminal.screen()).toHaveLength(3);
    vi.advanceTimersByTime(250);
    expect(terminal.screen()).toHaveLength(5);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('speaks Chinese in the live area and the summary', () => {
    const reporter = liveConsole('zh');
    reporter.onRunStart(info);
    for (const event of opening) reporter.onEvent(event);
    vi.advanceTimersByTime(1_000);
    const screen = terminal.screen();
    expect(screen[0]).toBe('🚀 开始并行执行 (并发数: 2)...');
    expect(screen[1]).toContain('已用 0:01 · 预计剩余 -- · 运行中 2');
    expect(screen[3]).toMatch(/^ {2}任务 1 {2}第 1 轮 {2}处理中/);
    reporter.onRunEnd(results);
    expect(terminal.screen()).toContain('🏁 执行结束 (失败): 完成 1/2, 总耗时 8.00s');
  });

  it('redraws at most every 100 ms when many tasks end at once, printing each of them', () => {
    const reporter = liveConsole();
    reporter.onRunStart(info);
    for (const event of opening) reporter.onEvent(event);
    vi.advanceTimersByTime(250);
    const progressLines = () => terminal.output.split(/\n/).filter((line) => line.includes('elapsed')).length;
    const before = progressLines();
    for (let index = 0; index < 200; index++) reporter.onEvent(taskEnd({ ...taskA, id: `t${index}` }, index + 1, 4));
    expect(progressLines() - before).toBeLessThanOrEqual(1);
    vi.advanceTimersByTime(100);
    expect(progressLines() - before).toBeLessThanOrEqual(2);
    expect(terminal.output.split('✅ Task').length - 1).toBe(200);
  });

  it('moves the live area out of the way of other writes to the terminal, until the end', () => {
    const { write } = terminal.stream;
    const reporter = new LiveConsole({
      messages: consoleMessages.en,
      liveMessages: liveMessages.en,
      paint: createPalette(false),
      stdout: terminal.stream,
      stderr: terminal.stderr,
    });
    reporter.onRunStart(info);
    for (const event of opening) reporter.onEvent(event);
    vi.advanceTimersByTime(250);
    terminal.stderr.write('(node:42) Warning: something odd\n');
    terminal.stream.write('a line from another reporter\n');
    const screen = terminal.screen();
    expect(screen.slice(0, 3)).toEqual([
      '🚀 Starting parallel run (concurrency: 2)...',
      '(node:42) Warning: something odd',
      'a line from another reporter',
    ]);
    expect(screen[3]).toMatch(/^. ░{24} 0% 0\/2/);
    expect(screen).toHaveLength(7);

    reporter.onRunEnd(results);
    expect(terminal.stream.write).toBe(write);
    terminal.stderr.write('after the end\n');
    expect(terminal.screen().slice(-2)).toEqual(['📁 Results: /runs/r1/results.json', 'after the end']);
  });

  it('hides the cursor while it draws, and shows it again at the end', () => {
    const reporter = liveConsole();
    reporter.onRunStart(info);
    expect(terminal.output.startsWith('\u001b[?25l')).toBe(true);
    expect(terminal.output).not.toContain('\u001b[?25h');
    reporter.onRunEnd(results);
    expect(terminal.output).toContain('\u001b[?25h');
  });

  it('prints each finished task once, and nothing after the end', () => {
    const reporter = liveConsole();
    reporter.onRunStart(info);
    reporter.onEvent(taskEnd(taskA, 1, 4));
    reporter.onEvent(taskEnd(taskA, 1, 4));
    reporter.onRunEnd(results);
    reporter.onEvent(taskEnd(taskB, 2, 7));
    vi.advanceTimersByTime(1_000);
    const screen = terminal.screen();
    expect(screen.filter((line) => line.startsWith('✅ Task 1'))).toHaveLength(1);
    expect(screen.some((line) => line.startsWith('❌ Task 2'))).toBe(false);
    expect(screen.at(-1)).toBe('📁 Results: /runs/r1/results.json');
  });
});

describe('the console reporter on a terminal', () => {
  const ttyContext = () => reporterContext('/work', { ...fakeStream(true), stream: terminal.stream });

  it('is live unless told otherwise, in CI, or on a dumb terminal', () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('TERM', 'xterm-256color');
    expect(consoleReporter({}, ttyContext())).toBeInstanceOf(LiveConsoleOnDemand);
    expect(consoleReporter({ live: false }, ttyContext())).toBeInstanceOf(PlainConsole);
    expect(consoleReporter({ live: true }, reporterContext('/work', fakeStream(false)))).toBeInstanceOf(PlainConsole);
  });

  it('loads the live view when the run starts and shows the run on it', async () => {
    vi.stubEnv('CI', '');
    const reporter = consoleReporter({}, ttyContext());
    expect(terminal.screen()).toEqual([]);
    await reporter.onRunStart?.(info);
    for (const event of opening) reporter.onEvent?.(event);
    reporter.onEvent?.(taskEnd(taskA, 1, 4));
    expect(terminal.screen().slice(0, 2)).toEqual([
      '🚀 Starting parallel run (concurrency: 2)...',
      '✅ Task 1 completed (4.00s) [1/2]',
    ]);
    reporter.onRunEnd?.(results);
    expect(terminal.screen().at(-1)).toBe('📁 Results: /runs/r1/results.json');
  });

  it('decides from the stream and the environment', () => {
    const tty = { isTTY: true };
    expect(shouldUseLiveView(undefined, tty, { TERM: 'xterm' })).toBe(true);
    expect(shouldUseLiveView(undefined, { isTTY: false }, { TERM: 'xterm' })).toBe(false);
    expect(shouldUseLiveView(undefined, tty, { TERM: 'dumb' })).toBe(false);
    expect(shouldUseLiveView(true, tty, { TERM: 'dumb' })).toBe(false);
    expect(shouldUseLiveView(undefined, tty, { CI: 'true' })).toBe(false);
    expect(shouldUseLiveView(undefined, tty, { CI: 'false' })).toBe(true);
    expect(shouldUseLiveView(true, tty, { CI: 'true' })).toBe(true);
    expect(shouldUseLiveView(false, tty, {})).toBe(false);
  });
});
