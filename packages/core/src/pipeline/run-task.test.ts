import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MemoryBudgetLedger } from '../executor/memory-budget-ledger.js';
import { APICallError } from '../model/api-call-error.js';
import type { CallUsage } from '../model/usage.js';
import { usageOfCall } from '../model/usage.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { Stage } from '../plugin/stage.js';
import { RunStore } from '../store/run-store.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import {
  FakeModel,
  hangUntilAborted,
  textReply,
  toolReply,
  unansweredToolCalls,
  verdictReply,
  waitForAbort,
} from '../test-support/fake-model.js';
import { agentBinding, recordingSink } from '../test-support/pipeline.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { createWorkspace } from '../tools/workspace.js';
import { runTask, type TaskRunOptions } from './run-task.js';
import { codeStage } from './stages/code-stage.js';
import { commitStage } from './stages/commit-stage.js';
import { evaluateStage } from './stages/evaluate-stage.js';
import { shellStage } from './stages/shell-stage.js';
import { verifyStage } from './stages/verify-stage.js';

interface Setup {
  coder: FakeModel;
  evaluator: FakeModel;
  overrides?: Partial<TaskRunOptions>;
  prompt?: string;
}

async function setup({ coder, evaluator, overrides = {}, prompt = 'Write hello.txt saying hi' }: Setup) {
  const base = await makeTempDir();
  const dir = path.join(base, 'workspace');
  await mkdir(dir);
  const store = new RunStore(path.join(base, 'run'));
  // The store writes in batches after runTask returns; they must land before the folder is removed
  // (onTestFinished runs last-registered first), or the removal meets a folder still filling.
  onTestFinished(() => store.flush().catch(() => undefined));
  const { sink, events } = recordingSink();
  const task: TaskDefinition = { id: 'task-1', index: 0, dir, prompt };
  const options: TaskRunOptions = {
    agents: { coder: agentBinding('coder', coder), evaluator: agentBinding('evaluator', evaluator) },
    stages: [codeStage(), evaluateStage()],
    maxIterations: 3,
    taskTimeoutMs: undefined,
    openWorkspace: () => createWorkspace(dir),
    budget: { run: undefined, task: undefined },
    ledger: new MemoryBudgetLedger(),
    store,
    sink,
    signal: new AbortController().signal,
    ...overrides,
  };
  return { task, options, events, store, dir };
}

const types = (events: RunEvent[]) => events.map((event) => event.type);

describe('runTask', () => {
  it('completes when the evaluator accepts, after the coder did the work', async () => {
    const coder = new FakeModel([
      toolReply([{ name: 'write_file', args: { path: 'hello.txt', content: 'hi\n' } }]),
      textReply('Wrote hello.txt.'),
    ]);
    const evaluator = new FakeModel([
      toolReply([{ name: 'read_file', args: { path: 'hello.txt' } }]),
      verdictReply('completed', 'hello.txt says hi'),
    ]);
    const { task, options, events, dir } = await setup({ coder, evaluator });
    const result = await runTask(task, options);

    expect(result).toMatchObject({
      id: 'task-1',
      index: 0,
      dir,
      prompt: 'Write hello.txt saying hi',
      status: 'completed',
      iterations: 1,
      verdict: { status: 'completed', summary: 'hello.txt says hi' },
      error: null,
      lastResponse: 'Wrote hello.txt.',
    });
    expect(await readFile(path.join(dir, 'hello.txt'), 'utf8')).toBe('hi\n');
    expect(coder.requests[0]?.messages[0]).toEqual({ role: 'user', content: 'Write hello.txt saying hi' });
    expect(evaluator.requests[0]?.messages[0]?.content).toContain('Write hello.txt saying hi');
    expect(evaluator.requests[0]?.messages[0]?.content).toContain('Wrote hello.txt.');
    expect(evaluator.requests[0]?.messages[0]?.content).toContain('write_file hello.txt');
    expect(types(events)).toEqual([
      'task-start',
      'iteration-start',
      'stage-start',
      'model-call-start',
      'model-call-end',
      'tool-call-end',
      'model-call-start',
      'model-call-end',
      'stage-end',
      'stage-start',
      'model-call-start',
      'model-call-end',
      'tool-call-end',
      'model-call-start',
      'model-call-end',
      'tool-call-end',
      'stage-end',
      'verdict',
      'iteration-end',
    ]);
  });

  it('tags events with the task, the iteration and the role', async () => {
    const coder = new FakeModel([textReply('done')]);
    const evaluator = new FakeModel([verdictReply('completed', 'ok')]);
    const { task, options, events } = await setup({ coder, evaluator });
    await runTask(task, options);
    const calls = events.filter((event) => event.type === 'model-call-end');
    expect(calls.map((event) => [event.taskId, event.iteration, event.role, event.provider, event.model])).toEqual([
      ['task-1', 1, 'coder', 'coder', 'fake-model'],
      ['task-1', 1, 'evaluator', 'evaluator', 'fake-model'],
    ]);
    expect(events.find((event) => event.type === 'stage-end')).toMatchObject({ stage: 'code', iteration: 1 });
  });

  it('fails when the evaluator judges the task impossible', async () => {
    const coder = new FakeModel([textReply('I cannot reach the network.')]);
    const evaluator = new FakeModel([verdictReply('failed', 'needs network access')]);
    const { task, options } = await setup({ coder, evaluator });
    const result = await runTask(task, options);
    expect(result).toMatchObject({ status: 'failed', iterations: 1, verdict: { status: 'failed' }, error: null });
  });

  it('hands the evaluator next_prompt to the coder, keeping its conversation, and is incomplete after maxIterations', async () => {
    const coder = new FakeModel([], { fallback: textReply('I did something.') });
    const evaluator = new FakeModel([
      verdictReply('continue', 'no tests', 'Add a test for hello.'),
      verdictReply('continue', 'test fails', 'Make the test pass.'),
    ]);
    const { task, options, events } = await setup({ coder, evaluator, overrides: { maxIterations: 2 } });
    const result = await runTask(task, options);

    expect(result.status).toBe('incomplete');
    expect(result.iterations).toBe(2);
    expect(result.error).toEqual({ code: 'max-iterations', message: 'not accepted after 2 iterations' });
    expect(result.verdict).toEqual({ status: 'continue', summary: 'test fails', nextPrompt: 'Make the test pass.' });
    expect(coder.calls).toBe(2);
    const second = coder.requests[1]?.messages ?? [];
    expect(second.map((message) => message.content)).toEqual([
      'Write hello.txt saying hi',
      'I did something.',
      'Add a test for hello.',
    ]);
    expect(events.filter((event) => event.type === 'iteration-start').map((event) => event.iteration)).toEqual([1, 2]);
    expect(events.filter((event) => event.type === 'verdict')).toHaveLength(2);
  });

  it("gives the coder's last reply as lastResponse, the same when the task goes on from its checkpoint", async () => {
    const first = await setup({
      coder: new FakeModel([textReply('Wrote a first draft.')]),
      evaluator: new FakeModel([verdictReply('continue', 'too short', 'Say more.')]),
      overrides: { maxIterations: 1 },
    });
    expect(await runTask(first.task, first.options)).toMatchObject({
      status: 'incomplete',
      lastResponse: 'Wrote a first draft.',
    });
    const checkpoint = first.store.readCheckpoint(first.task.id);
    expect(checkpoint?.iterations).toBe(1);
    const resumeFrom = () => ({ checkpoint: structuredClone(checkpoint), prior: undefined });
    /** The task going on from its checkpoint with these models. */
    const resumedWith = (coder: FakeModel, evaluator: FakeModel) =>
      runTask(
        first.task,
        {
          ...first.options,
          maxIterations: 2,
          agents: { coder: agentBinding('coder', coder), evaluator: agentBinding('evaluator', evaluator) },
        },
        resumeFrom(),
      );

    // Stopped again before the coder said anything new: its reply from the earlier session.
    const interrupted = new AbortController();
    interrupted.abort();
    const stopped = await runTask(
      first.task,
      { ...first.options, signal: interrupted.signal, maxIterations: 2 },
      resumeFrom(),
    );
    expect(stopped).toMatchObject({ status: 'cancelled', lastResponse: 'Wrote a first draft.' });
    const rejected = await resumedWith(
      new FakeModel([new APICallError({ message: 'Incorrect API key', provider: 'fake', statusCode: 401 })]),
      new FakeModel([]),
    );
    expect(rejected).toMatchObject({ status: 'error', lastResponse: 'Wrote a first draft.' });

    // Going on: what the coder said last in this session.
    const continued = await resumedWith(
      new FakeModel([toolReply([{ name: 'list_directory', args: {} }]), textReply('Said more.')]),
      new FakeModel([verdictReply('completed', 'long enough')]),
    );
    expect(continued).toMatchObject({ status: 'completed', iterations: 2, lastResponse: 'Said more.' });
  });

  it('keeps both conversations valid: every tool call answered across iterations', async () => {
    const coder = new FakeModel([], {
      fallback: async (request) =>
        request.messages.at(-1)?.role === 'user'
          ? toolReply([{ name: 'list_directory', args: {} }])
          : textReply('looked around'),
    });
    const evaluator = new FakeModel([
      verdictReply('continue', 'more', 'Look again.'),
      verdictReply('completed', 'fine'),
    ]);
    const { task, options } = await setup({ coder, evaluator });
    expect((await runTask(task, options)).status).toBe('completed');
    for (const request of [...coder.requests, ...evaluator.requests]) {
      expect(unansweredToolCalls(request.messages)).toEqual([]);
    }
    expect(evaluator.requests[1]?.messages[0]?.content).toContain('Write hello.txt saying hi');
    expect(evaluator.requests[1]?.messages.at(-1)?.content).toContain('Iteration 2');
  });

  it('sums usage per role exactly as the models reported it, and prices it', async () => {
    const coderUsage: CallUsage[] = [
      { inputTokens: 100, outputTokens: 20, cachedInputTokens: 40, reasoningTokens: 5 },
      { inputTokens: 150, outputTokens: 30, cachedInputTokens: 100 },
    ];
    const evaluatorUsage: CallUsage[] = [
      { inputTokens: 80, outputTokens: 10 },
      { inputTokens: 90, outputTokens: 12, reasoningTokens: 7 },
    ];
    const coder = new FakeModel([
      toolReply([{ name: 'list_directory', args: {} }], '', coderUsage[0]),
      textReply('done', coderUsage[1]),
    ]);
    const evaluator = new FakeModel([
      toolReply([{ name: 'list_directory', args: {} }], '', evaluatorUsage[0]),
      verdictReply('completed', 'ok', undefined, evaluatorUsage[1]),
    ]);
    const ledger = new MemoryBudgetLedger();
    const { task, options, events } = await setup({ coder, evaluator, overrides: { ledger } });
    options.agents.coder.pricing = { input: 1, output: 2, cachedInput: 0.5 };
    options.agents.evaluator.pricing = { input: 0.5, output: 1 };
    const result = await runTask(task, options);

    expect(result.usageByRole.coder).toEqual({
      calls: 2,
      inputTokens: 250,
      outputTokens: 50,
      cachedInputTokens: 140,
      reasoningTokens: 5,
      totalTokens: 300,
    });
    expect(result.usageByRole.evaluator).toEqual({
      calls: 2,
      inputTokens: 170,
      outputTokens: 22,
      cachedInputTokens: 0,
      reasoningTokens: 7,
      totalTokens: 192,
    });
    expect(result.usage).toEqual({
      calls: 4,
      inputTokens: 420,
      outputTokens: 72,
      cachedInputTokens: 140,
      reasoningTokens: 12,
      totalTokens: 492,
    });
    // coder: 110 uncached × $1 + 140 cached × $0.5 + 50 out × $2; evaluator: 170 × $0.5 + 22 × $1 (per million).
    expect(result.costUsd).toBe(0.000387);
    expect(await ledger.spent()).toEqual({ totalTokens: result.usage.totalTokens, costUsd: result.costUsd });
    const perCall = events.flatMap((event) => (event.type === 'model-call-end' ? [event.usage] : []));
    expect(perCall).toEqual([...coderUsage, ...evaluatorUsage].map(usageOfCall));
  });

  it('writes the conversation and the usage of every call to the task transcript', async () => {
    const coder = new FakeModel([textReply('done', { inputTokens: 3, outputTokens: 4 })]);
    const evaluator = new FakeModel([verdictReply('completed', 'ok')]);
    const { task, options, store } = await setup({ coder, evaluator });
    await runTask(task, options);
    await store.flush();
    const lines = (await readFile(store.taskFile('task-1', 'transcript.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { type: string; role: string; iteration: number; message?: { content: string } },
      );
    expect(lines[0]).toMatchObject({
      type: 'message',
      role: 'coder',
      iteration: 1,
      message: { content: 'Write hello.txt saying hi' },
    });
    expect(lines.filter((line) => line.type === 'usage').map((line) => line.role)).toEqual(['coder', 'evaluator']);
    expect(lines.some((line) => line.type === 'message' && line.role === 'evaluator')).toBe(true);
  });

  it('ends in error with code provider-auth when the key is rejected (401), without retrying', async () => {
    const coder = new FakeModel([
      new APICallError({ message: 'Incorrect API key', provider: 'fake', statusCode: 401 }),
      textReply('never'),
    ]);
    const evaluator = new FakeModel([verdictReply('completed', 'never')]);
    const { task, options, events } = await setup({ coder, evaluator });
    const result = await runTask(task, options);
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('provider-auth');
    expect(result.error?.message).toContain('401');
    expect(coder.calls).toBe(1);
    expect(evaluator.calls).toBe(0);
    expect(events.some((event) => event.type === 'model-retry')).toBe(false);
  });

  it('retries a server error and reports the retry as an event', async () => {
    const coder = new FakeModel([
      new APICallError({ message: 'Bad gateway', provider: 'fake', statusCode: 502 }),
      textReply('done'),
    ]);
    const evaluator = new FakeModel([verdictReply('completed', 'ok')]);
    const { task, options, events } = await setup({ coder, evaluator });
    expect((await runTask(task, options)).status).toBe('completed');
    const retry = events.find((event) => event.type === 'model-retry');
    expect(retry).toMatchObject({ taskId: 'task-1', iteration: 1, role: 'coder', attempt: 1 });
    expect(retry?.type === 'model-retry' && retry.reason).toContain('HTTP 502');
  });

  it('times out after taskTimeoutMs, even in a model call that never answers', async () => {
    const coder = new FakeModel([hangUntilAborted]);
    const evaluator = new FakeModel([]);
    const { task, options } = await setup({ coder, evaluator, overrides: { taskTimeoutMs: 60 } });
    const started = Date.now();
    const result = await runTask(task, options);
    expect(result.status).toBe('timeout');
    expect(result.error?.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('is cancelled when the run signal aborts during the task', async () => {
    const controller = new AbortController();
    const coder = new FakeModel([
      (request) => {
        setTimeout(() => controller.abort(new Error('Ctrl-C')), 10);
        return waitForAbort(request.signal);
      },
    ]);
    const evaluator = new FakeModel([]);
    const { task, options } = await setup({
      coder,
      evaluator,
      overrides: { signal: controller.signal, taskTimeoutMs: 5000 },
    });
    const result = await runTask(task, options);
    expect(result.status).toBe('cancelled');
    expect(result.error?.code).toBe('cancelled');
    expect(result.iterations).toBe(1);
  });

  it('is cancelled without starting when the run was interrupted before', async () => {
    const controller = new AbortController();
    controller.abort();
    const coder = new FakeModel([textReply('never')]);
    const { task, options, events } = await setup({
      coder,
      evaluator: new FakeModel([]),
      overrides: { signal: controller.signal },
    });
    const result = await runTask(task, options);
    expect(result).toMatchObject({ status: 'cancelled', iterations: 0, error: { code: 'cancelled' } });
    expect(coder.calls).toBe(0);
    expect(events).toEqual([]);
  });

  it('stops as incomplete with code budget when the task budget is spent', async () => {
    const usage = { inputTokens: 60, outputTokens: 40 };
    const coder = new FakeModel([], { fallback: textReply('working', usage) });
    const evaluator = new FakeModel([], { fallback: verdictReply('continue', 'more', 'Keep going.', usage) });
    const { task, options } = await setup({
      coder,
      evaluator,
      overrides: { maxIterations: 5, budget: { run: undefined, task: { tokens: 150 } } },
    });
    const result = await runTask(task, options);
    expect(result.status).toBe('incomplete');
    expect(result.error?.code).toBe('budget');
    expect(result.error?.message).toContain('150 tokens');
    expect(result.iterations).toBe(1);
    expect(result.usage.totalTokens).toBe(200);
  });

  it('stops at a USD budget of the run, priced from the providers', async () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 0 };
    const coder = new FakeModel([], { fallback: textReply('working', usage) });
    const evaluator = new FakeModel([], { fallback: verdictReply('continue', 'more', 'Keep going.', usage) });
    const { task, options } = await setup({
      coder,
      evaluator,
      overrides: { maxIterations: 5, budget: { run: { usd: 5 }, task: undefined } },
    });
    options.agents.coder.pricing = { input: 2, output: 0 };
    options.agents.evaluator.pricing = { input: 1, output: 0 };
    const result = await runTask(task, options);
    // $3 per iteration: a second iteration may start at $3, not a third at $6.
    expect(result).toMatchObject({ status: 'incomplete', iterations: 2, costUsd: 6, error: { code: 'budget' } });
  });

  it('does not start when the run budget is already spent', async () => {
    const ledger = new MemoryBudgetLedger([
      { usage: usageOfCall({ inputTokens: 900, outputTokens: 100 }), costUsd: 0 },
    ]);
    const coder = new FakeModel([textReply('never')]);
    const { task, options } = await setup({
      coder,
      evaluator: new FakeModel([]),
      overrides: { ledger, budget: { run: { tokens: 1000 }, task: undefined } },
    });
    const result = await runTask(task, options);
    expect(result).toMatchObject({ status: 'incomplete', iterations: 0, error: { code: 'budget' } });
    expect(result.error?.message).toContain('not started');
    expect(coder.calls).toBe(0);
  });

  it('ends in error with code internal when a stage throws, and never throws itself', async () => {
    const broken: Stage = {
      name: 'broken',
      async run() {
        throw new Error('stage bug');
      },
    };
    const { task, options } = await setup({
      coder: new FakeModel([]),
      evaluator: new FakeModel([]),
      overrides: { stages: [broken] },
    });
    expect(await runTask(task, options)).toMatchObject({
      status: 'error',
      error: { code: 'internal', message: 'stage bug' },
    });
  });

  it('gives the evaluator the output and exit code of a verify stage', async () => {
    const coder = new FakeModel([textReply('done'), textReply('fixed')]);
    const evaluator = new FakeModel([
      verdictReply('continue', 'tests fail', 'Fix the test.'),
      verdictReply('completed', 'ok'),
    ]);
    const { task, options } = await setup({
      coder,
      evaluator,
      overrides: { stages: [codeStage(), verifyStage({ command: 'echo "1 failing"; exit 3' }), evaluateStage()] },
    });
    await runTask(task, options);
    const message = evaluator.requests[0]?.messages[0]?.content ?? '';
    expect(message).toContain('# verify: echo "1 failing"; exit 3 (exit code 3)');
    expect(message).toContain('1 failing');
  });

  it('continues the coder on the continue prompt when the verdict came without next_prompt (text fallback)', async () => {
    const coder = new FakeModel([], { fallback: textReply('ok') });
    const evaluator = new FakeModel([
      textReply('...'),
      textReply('Please add error handling.'),
      verdictReply('completed', 'ok'),
    ]);
    const { task, options } = await setup({ coder, evaluator });
    expect((await runTask(task, options)).status).toBe('completed');
    expect(coder.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: 'Please add error handling.' });
  });
});

describe('runTask with shell and commit stages', () => {
  const stageEvents = (events: RunEvent[]) =>
    events.flatMap((event) =>
      event.type === 'stage-start' || event.type === 'stage-end' || event.type === 'stage-note'
        ? [`${event.type} ${event.stage}${event.when ? ` ${event.when}` : ''}`]
        : [],
    );

  it('runs set-up once before the first iteration, a per-iteration command for the evaluator, and clean-up after the verdict', async () => {
    const coder = new FakeModel([], { fallback: textReply('done') });
    const evaluator = new FakeModel([verdictReply('continue', 'again', 'Again.'), verdictReply('completed', 'ok')]);
    const { task, options, events, dir } = await setup({
      coder,
      evaluator,
      overrides: {
        stages: [
          shellStage({ command: 'echo setup >> log.txt', when: 'task-start' }),
          codeStage(),
          shellStage({ command: 'echo step >> log.txt; echo "lint: 2 warnings"; exit 1' }),
          evaluateStage(),
          shellStage({ command: 'echo cleanup >> log.txt', when: 'task-end' }),
        ],
      },
    });
    const result = await runTask(task, options);
    expect(result.status).toBe('completed');
    expect(await readFile(path.join(dir, 'log.txt'), 'utf8')).toBe('setup\nstep\nstep\ncleanup\n');
    const message = evaluator.requests[0]?.messages[0]?.content ?? '';
    expect(message).toContain('lint: 2 warnings');
    expect(message).toContain('(exit code 1)');
    expect(stageEvents(events)).toEqual([
      'stage-start shell task-start',
      'stage-note shell task-start',
      'stage-end shell task-start',
      ...Array(2)
        .fill([
          'stage-start code',
          'stage-end code',
          'stage-start shell',
          'stage-note shell',
          'stage-end shell',
          'stage-start evaluate',
          'stage-end evaluate',
        ])
        .flat(),
      'stage-start shell task-end',
      'stage-note shell task-end',
      'stage-end shell task-end',
    ]);
    const note = events.find((event) => event.type === 'stage-note');
    expect(note).toMatchObject({
      iteration: 0,
      message: expect.stringMatching(/^echo setup >> log.txt: exited with 0 \(/),
    });
  });

  it('ends in error with code stage, before any model call, when the set-up command fails', async () => {
    const coder = new FakeModel([]);
    const evaluator = new FakeModel([]);
    const { task, options } = await setup({
      coder,
      evaluator,
      overrides: {
        stages: [shellStage({ command: 'echo "no such package"; exit 7', when: 'task-start' }), codeStage()],
      },
    });
    const result = await runTask(task, options);
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('stage');
    expect(result.error?.message).toContain('set-up command "echo "no such package"; exit 7" exited with 7');
    expect(result.error?.message).toContain('no such package');
    expect(coder.calls).toBe(0);
  });

  it('commits the workspace once per iteration with a message naming the task and the iteration', async () => {
    const coder = new FakeModel([
      toolReply([{ name: 'write_file', args: { path: 'a.txt', content: 'one' } }]),
      textReply('wrote a'),
      textReply('nothing more'),
    ]);
    const evaluator = new FakeModel([verdictReply('continue', 'check', 'Check it.'), verdictReply('completed', 'ok')]);
    const { task, options, events, dir } = await setup({
      coder,
      evaluator,
      overrides: { stages: [codeStage(), commitStage(), evaluateStage()] },
    });
    await execa('git', ['init', '-q'], { cwd: dir });
    await writeFile(path.join(dir, 'README'), 'base\n');
    await execa('git', ['add', '-A'], { cwd: dir });
    await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base'], { cwd: dir });
    const result = await runTask(task, options);
    expect(result.status).toBe('completed');
    const log = await execa('git', ['log', '--format=%s', '--name-only'], { cwd: dir });
    expect(log.stdout.split('\n').filter(Boolean)).toEqual([
      'agentbatch: task task-1, iteration 2',
      'agentbatch: task task-1, iteration 1',
      'a.txt',
      'base',
      'README',
    ]);
    const notes = events.filter((event) => event.type === 'stage-note');
    expect(notes.map((event) => event.message)).toEqual([
      expect.stringMatching(/^committed [0-9a-f]{7,} \(iteration 1\)$/),
      expect.stringMatching(/^committed [0-9a-f]{7,} \(iteration 2\)$/),
    ]);
  });

  it('ends in error with code stage when the commit stage works outside a git repository', async () => {
    const coder = new FakeModel([]);
    const evaluator = new FakeModel([]);
    const { task, options } = await setup({ coder, evaluator, overrides: { stages: [codeStage(), commitStage()] } });
    const result = await runTask(task, options);
    expect(result).toMatchObject({ status: 'error', error: { code: 'stage' } });
    expect(result.error?.message).toContain('is not inside a git repository');
  });
});
