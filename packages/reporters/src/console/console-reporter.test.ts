import type { RunEvent, RunInfo, TaskResult } from '@agentbatch/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeStream, reporterContext, runResults, task, usage } from '../test-support/fixtures.js';
import { consoleReporter, optionsSchema } from './console-reporter.js';

/** An ISO timestamp that reads 14:mm:ss in the local time zone, whatever it is. */
const at = (minute: number, second: number) => new Date(2025, 0, 15, 14, minute, second).toISOString();

const info: RunInfo = {
  runId: 'r1',
  runDir: '/runs/r1',
  configPath: '/work/agentbatch.yaml',
  total: 5,
  concurrency: 3,
  startedAt: at(30, 14),
};

const taskA = task({
  id: 'a',
  index: 0,
  iterations: 3,
  durationMs: 45_120,
  coder: usage(900, 500, 2, 300),
  evaluator: usage(300, 190, 1),
  costUsd: 0.0123,
});
const taskB = task({
  id: 'b',
  index: 1,
  status: 'error',
  durationMs: 12_000,
  error: { code: 'rate-limited', message: '429 Too Many Requests\nretry budget exhausted' },
});
const others = [2, 3, 4].map((index) => task({ id: `t${index}`, index }));
const results = runResults([taskA, taskB, ...others]);

const taskEnd = (result: TaskResult, done: number): RunEvent => ({
  type: 'task-end',
  time: at(31, done),
  taskId: result.id,
  result,
  done,
  total: 5,
});

const events: RunEvent[] = [
  { type: 'run-start', time: at(30, 14), runId: 'r1', runDir: '/runs/r1', total: 5, concurrency: 3, resumed: false },
  { type: 'task-queued', time: at(30, 14), taskId: 'a', index: 0 },
  { type: 'task-queued', time: at(30, 14), taskId: 'b', index: 1 },
  { type: 'task-start', time: at(30, 15), taskId: 'a', index: 0, dir: '/work/a', prompt: 'Do a' },
  {
    type: 'stage-note',
    time: at(30, 15),
    taskId: 'a',
    iteration: 0,
    stage: 'shell',
    when: 'task-start',
    message: 'npm ci: exited with 0 (1.0s)',
  },
  { type: 'task-start', time: at(30, 16), taskId: 'b', index: 1, dir: '/work/b', prompt: 'Do b' },
  { type: 'iteration-start', time: at(30, 16), taskId: 'a', iteration: 1 },
  {
    type: 'tool-call-end',
    time: at(30, 17),
    taskId: 'a',
    iteration: 1,
    role: 'coder',
    tool: 'write_file',
    summary: 'write_file src/a.ts (12 lines)',
    isError: false,
    durationMs: 3,
  },
  {
    type: 'model-call-end',
    time: at(30, 17),
    taskId: 'a',
    iteration: 1,
    role: 'coder',
    provider: 'qwen',
    model: 'qwen3-coder',
    usage: usage(450, 250, 1),
    costUsd: 0.001,
    durationMs: 900,
    finishReason: 'stop',
  },
  { type: 'stage-end', time: at(30, 18), taskId: 'b', iteration: 1, stage: 'code', durationMs: 2000 },
  {
    type: 'model-retry',
    time: at(30, 19),
    taskId: 'b',
    iteration: 1,
    role: 'coder',
    provider: 'qwen',
    attempt: 1,
    delayMs: 2000,
    reason: '429 rate limited',
  },
  { type: 'stage-end', time: at(30, 20), taskId: 'b', iteration: 1, stage: 'verify', durationMs: 3200 },
  { type: 'stage-start', time: at(30, 21), taskId: 'b', iteration: 1, stage: 'evaluate' },
  {
    type: 'verdict',
    time: at(30, 25),
    taskId: 'a',
    iteration: 1,
    role: 'evaluator',
    verdict: { status: 'continue', summary: 'Add tests for the hook.\nThen rerun them.', nextPrompt: 'Add tests' },
  },
  { type: 'stage-end', time: at(30, 25), taskId: 'a', iteration: 1, stage: 'evaluate', durationMs: 4000 },
  { type: 'iteration-end', time: at(30, 25), taskId: 'a', iteration: 1 },
  { type: 'iteration-start', time: at(30, 26), taskId: 'a', iteration: 2 },
  taskEnd(taskA, 1),
  taskEnd(taskB, 2),
];

async function play(options: Parameters<typeof consoleReporter>[0], isTTY = false): Promise<string[]> {
  const stdout = fakeStream(isTTY);
  const reporter = consoleReporter(options, reporterContext('/work', stdout));
  await reporter.onRunStart?.(info);
  for (const event of events) await reporter.onEvent?.(event);
  await reporter.onEvent?.({ type: 'run-end', time: at(32, 18), results });
  await reporter.onRunEnd?.(results);
  return stdout.lines();
}

describe('consoleReporter', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prints the original lines in English by default', async () => {
    expect(await play({})).toEqual([
      '🚀 Starting parallel run (concurrency: 3)...',
      '[14:30:15] Task 1/5: started',
      '[14:30:15] Task 1/5: shell: npm ci: exited with 0 (1.0s)',
      '[14:30:16] Task 2/5: started',
      '↻ Task 2/5: coder retry 1 in 2.0s (429 rate limited)',
      '[14:30:20] Task 2/5: iteration 1 verify done (3.20s)',
      '[14:30:21] Task 2/5: iteration 1 evaluating...',
      '[14:30:25] Task 1/5: iteration 1 verdict: continue - Add tests for the hook.…',
      '[14:30:26] Task 1/5: iteration 2 coding...',
      '✅ Task 1 completed (45.12s) [1/5]',
      '📊 Status: completed, iterations: 3',
      '💾 Tokens: 1,890 total (1,200 in, 690 out) - 3 calls',
      '❌ Task 2 error (12.00s) [2/5]',
      '📊 Status: error, iterations: 1',
      '💾 Tokens: 1,690 total (1,200 in, 490 out) - 3 calls',
      '💥 Error (rate-limited): 429 Too Many Requests…',
      '',
      '🏁 Run failed: 4/5 completed in 2m 03s',
      '   error 1',
      '   ❌ #2 b: Do task b - error: 429 Too Many Requests…',
      '💾 Tokens: 8,650 total (6,000 in, 2,650 out) - 15 calls',
      '   coder: 7,000 total (4,900 in, 2,100 out) - 10 calls',
      '   evaluator: 1,650 total (1,100 in, 550 out) - 5 calls',
      '   cached input: 5.0% (300 of 6,000)',
      '💰 Cost: $0.0523',
      '📁 Results: /runs/r1/results.json',
    ]);
  });

  it("prints the original system's Chinese wording with lang: 'zh'", async () => {
    expect(await play({ lang: 'zh' })).toEqual([
      '🚀 开始并行执行 (并发数: 3)...',
      '[14:30:15] 任务 1/5: 开始处理初始任务...',
      '[14:30:15] 任务 1/5: shell: npm ci: exited with 0 (1.0s)',
      '[14:30:16] 任务 2/5: 开始处理初始任务...',
      '↻ 任务 2/5: coder 将在 2.0s 后第 1 次重试 (429 rate limited)',
      '[14:30:20] 任务 2/5: 第 1 轮 verify 阶段完成 (耗时: 3.20s)',
      '[14:30:21] 任务 2/5: 第 1 轮评估中...',
      '[14:30:25] 任务 1/5: 第 1 轮评估结果: continue - Add tests for the hook.…',
      '[14:30:26] 任务 1/5: 第 2 轮处理中...',
      '✅ 任务 1 完成 (耗时: 45.12s) [1/5]',
      '📊 状态: completed, 迭代次数: 3',
      '💾 Token使用: 总计1,890 (输入1,200, 输出690) - 3次调用',
      '❌ 任务 2 失败 (耗时: 12.00s) [2/5]',
      '📊 状态: error, 迭代次数: 1',
      '💾 Token使用: 总计1,690 (输入1,200, 输出490) - 3次调用',
      '💥 错误 (rate-limited): 429 Too Many Requests…',
      '',
      '🏁 执行结束 (失败): 完成 4/5, 总耗时 2m 03s',
      '   出错 1',
      '   ❌ #2 b: Do task b - 出错: 429 Too Many Requests…',
      '💾 Token使用: 总计8,650 (输入6,000, 输出2,650) - 15次调用',
      '   coder: 总计7,000 (输入4,900, 输出2,100) - 10次调用',
      '   evaluator: 总计1,650 (输入1,100, 输出550) - 5次调用',
      '   缓存命中输入: 5.0% (300 / 6,000)',
      '💰 费用: $0.0523',
      '📁 结果文件: /runs/r1/results.json',
    ]);
  });

  it("labels an attempt's lines with its number (run.attempts)", async () => {
    const stdout = fakeStream();
    const reporter = consoleReporter({}, reporterContext('/work', stdout));
    await reporter.onRunStart?.(info);
    const attemptEvents: RunEvent[] = [
      { type: 'task-queued', time: at(30, 14), taskId: 'a', index: 0 },
      { type: 'task-start', time: at(30, 15), taskId: 'a', index: 0, dir: '/work/a', prompt: 'Do a', taskAttempt: 2 },
      { type: 'iteration-start', time: at(30, 16), taskId: 'a', iteration: 2, taskAttempt: 3 },
      {
        type: 'verdict',
        time: at(30, 17),
        taskId: 'a',
        iteration: 1,
        role: 'evaluator',
        verdict: { status: 'failed', summary: 'wrong file' },
        taskAttempt: 1,
      },
      { type: 'task-start', time: at(30, 18), taskId: 'a', index: 0, dir: '/work/a', prompt: 'Do a' },
    ];
    for (const event of attemptEvents) await reporter.onEvent?.(event);
    expect(stdout.lines().slice(1)).toEqual([
      '[14:30:15] Task 1/5 #2: started',
      '[14:30:16] Task 1/5 #3: iteration 2 coding...',
      '[14:30:17] Task 1/5 #1: iteration 1 verdict: failed - wrong file',
      '[14:30:18] Task 1/5: started',
    ]);
  });

  it("names the matrix variant in each of a variant's lines, in both languages", async () => {
    const variantTask = (variant: string, index: number) => ({ ...task({ id: `a@${variant}`, index }), variant });
    const variantEvents: RunEvent[] = ['gpt', 'claude'].flatMap((variant, index): RunEvent[] => [
      { type: 'task-queued', time: at(30, 14), taskId: `a@${variant}`, index },
      { type: 'task-start', time: at(30, 15), taskId: `a@${variant}`, index, dir: '/work/a', prompt: 'Do a', variant },
      { type: 'iteration-start', time: at(30, 16), taskId: `a@${variant}`, iteration: 2 },
      { type: 'stage-start', time: at(30, 17), taskId: `a@${variant}`, iteration: 2, stage: 'evaluate' },
      {
        type: 'task-end',
        time: at(30, 18),
        taskId: `a@${variant}`,
        result: variantTask(variant, index),
        done: index + 1,
        total: 2,
      },
    ]);
    const printed = async (lang: 'en' | 'zh') => {
      const stdout = fakeStream();
      const reporter = consoleReporter({ lang }, reporterContext('/work', stdout));
      await reporter.onRunStart?.({ ...info, total: 2 });
      for (const event of variantEvents) await reporter.onEvent?.(event);
      return stdout.lines().filter((line) => line.includes('ask') || line.includes('任务'));
    };
    expect(await printed('en')).toEqual([
      '[14:30:15] Task 1/2 @gpt: started',
      '[14:30:16] Task 1/2 @gpt: iteration 2 coding...',
      '[14:30:17] Task 1/2 @gpt: iteration 2 evaluating...',
      '✅ Task 1 @gpt completed (10.00s) [1/2]',
      '[14:30:15] Task 2/2 @claude: started',
      '[14:30:16] Task 2/2 @claude: iteration 2 coding...',
      '[14:30:17] Task 2/2 @claude: iteration 2 evaluating...',
      '✅ Task 2 @claude completed (10.00s) [2/2]',
    ]);
    expect((await printed('zh'))[0]).toBe('[14:30:15] 任务 1/2 @gpt: 开始处理初始任务...');
    expect((await printed('zh'))[3]).toMatch(/^✅ 任务 1 @gpt 完成 \(耗时: /);
  });

  it('marks timeouts and other unfinished tasks with ⚠️ and the status word', async () => {
    const stdout = fakeStream();
    const reporter = consoleReporter({}, reporterContext('/work', stdout));
    await reporter.onRunStart?.(info);
    const timedOut = task({ id: 'slow', index: 4, status: 'timeout', durationMs: 1_800_000, iterations: 7 });
    await reporter.onEvent?.({
      type: 'task-end',
      time: at(59, 0),
      taskId: 'slow',
      result: timedOut,
      done: 3,
      total: 5,
    });
    expect(stdout.lines().slice(1, 3)).toEqual([
      '⚠️ Task 5 timeout (1800.00s) [3/5]',
      '📊 Status: timeout, iterations: 7',
    ]);
  });

  it('writes no colour codes unless asked or on a terminal', async () => {
    const plain = (await play({})).join('\n');
    expect(plain).not.toContain('\u001b[');
    expect((await play({ color: true })).join('\n')).toContain('\u001b[32m✅ Task 1 completed');
    vi.stubEnv('NO_COLOR', '');
    expect((await play({ live: false }, true)).join('\n')).toContain('\u001b[');
    vi.stubEnv('NO_COLOR', '1');
    expect((await play({ live: false }, true)).join('\n')).not.toContain('\u001b[');
  });

  it('rejects unknown languages and options', () => {
    expect(optionsSchema.safeParse({ lang: 'fr' }).success).toBe(false);
    expect(optionsSchema.safeParse({ colour: true }).success).toBe(false);
    expect(optionsSchema.parse({})).toEqual({ lang: 'en' });
  });
});
