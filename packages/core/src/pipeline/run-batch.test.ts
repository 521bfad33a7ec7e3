import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InProcessExecutor, type InProcessExecutorOptions } from '../executor/in-process-executor.js';
import { MemoryBudgetLedger } from '../executor/memory-budget-ledger.js';
import type { ModelRequest, ModelResponse } from '../plugin/language-model.js';
import type { Reporter, RunInfo } from '../plugin/reporter.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults } from '../plugin/run-results.js';
import { readRunEvents, readRunResults } from '../store/read-run.js';
import { RunStore } from '../store/run-store.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { FakeModel, textReply, toolReply, verdictReply } from '../test-support/fake-model.js';
import { agentBinding } from '../test-support/pipeline.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { ReporterHub } from './reporter-hub.js';
import { type BatchOptions, runBatch } from './run-batch.js';
import { codeStage } from './stages/code-stage.js';
import { evaluateStage } from './stages/evaluate-stage.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A coder that writes out.txt with the task prompt, then replies; optionally slow. */
function coderModel(delayMs = 0): FakeModel {
  return new FakeModel([], {
    fallback: async (request: ModelRequest): Promise<ModelResponse> => {
      if (delayMs) await sleep(delayMs);
      request.signal.throwIfAborted();
      const prompt = request.messages[0]?.content ?? '';
      return request.messages.at(-1)?.role === 'user'
        ? toolReply([{ name: 'write_file', args: { path: 'out.txt', content: prompt } }])
        : textReply('done');
    },
  });
}

/** An evaluator that fails tasks whose prompt says "impossible" and accepts the rest. */
function evaluatorModel(): FakeModel {
  return new FakeModel([], {
    fallback: async (request: ModelRequest) =>
      request.messages[0]?.content.includes('impossible')
        ? verdictReply('failed', 'cannot be done')
        : verdictReply('completed', 'looks right'),
  });
}

interface BatchSetup {
  prompts?: string[];
  coder?: FakeModel;
  evaluator?: FakeModel;
  reporters?: ConstructorParameters<typeof ReporterHub>[0];
  overrides?: Partial<BatchOptions>;
  executorOverrides?: Partial<InProcessExecutorOptions>;
}

async function setup({
  prompts = ['Task A', 'Task B', 'Task C'],
  coder,
  evaluator,
  reporters = [],
  overrides,
  executorOverrides,
}: BatchSetup) {
  const base = await makeTempDir();
  const tasks: TaskDefinition[] = [];
  for (const [index, prompt] of prompts.entries()) {
    const dir = path.join(base, `ws${index}`);
    await mkdir(dir);
    tasks.push({ id: `task-${index}`, index, dir, prompt });
  }
  const store = new RunStore(path.join(base, 'runs', 'run-1'));
  const coderFake = coder ?? coderModel();
  const evaluatorFake = evaluator ?? evaluatorModel();
  const options: BatchOptions = {
    runId: 'run-1',
    configPath: path.join(base, 'agentbatch.yaml'),
    tasks,
    concurrency: 2,
    sharedDirs: 'serial',
    executor: new InProcessExecutor({
      sandbox: { type: 'none' },
      maxIterations: 3,
      taskTimeoutMs: undefined,
      budget: { run: undefined, task: undefined },
      agents: { coder: agentBinding('coder', coderFake), evaluator: agentBinding('evaluator', evaluatorFake) },
      stages: [codeStage(), evaluateStage()],
      ledger: new MemoryBudgetLedger(),
      store,
      ...executorOverrides,
    }),
    store,
    reporters: new ReporterHub(reporters),
    signal: new AbortController().signal,
    ...overrides,
  };
  return { options, store, tasks, base, coder: coderFake };
}

/** A reporter that records every hook call. */
function recordingReporter() {
  const calls: Array<{ hook: string; event?: RunEvent; info?: RunInfo; results?: RunResults }> = [];
  const reporter: Reporter = {
    onRunStart: (info) => void calls.push({ hook: 'onRunStart', info }),
    onEvent: (event) => void calls.push({ hook: 'onEvent', event }),
    onRunEnd: (results) => void calls.push({ hook: 'onRunEnd', results }),
  };
  return { reporter, calls };
}

/** Fails the test instead of hanging when a run does not end. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`the run did not end within ${ms} ms`);
    }),
  ]);
}

describe('runBatch', () => {
  it('runs every task and returns the results, also written to results.json', async () => {
    const { options, store, tasks } = await setup({ prompts: ['Task A', 'an impossible task', 'Task C'] });
    const { results, reporterFailures } = await runBatch(options);

    expect(reporterFailures).toEqual([]);
    expect(results.status).toBe('failed');
    expect(results.runId).toBe('run-1');
    expect(results.schemaVersion).toBe(1);
    expect(results.tasks.map((task) => [task.id, task.status])).toEqual([
      ['task-0', 'completed'],
      ['task-1', 'failed'],
      ['task-2', 'completed'],
    ]);
    expect(results.summary).toMatchObject({ total: 3, completed: 2, failed: 1, incomplete: 0, error: 0 });
    expect(results.summary.usage.calls).toBe(9);
    expect(readRunResults(store.runDir)).toEqual(results);
    for (const task of tasks) expect(await readFile(path.join(task.dir, 'out.txt'), 'utf8')).toBe(task.prompt);
  });

  it('passes when every task completed', async () => {
    const { options } = await setup({});
    expect((await runBatch(options)).results.status).toBe('passed');
  });

  it('logs each task as it ends, and results.json holds them all at the end, in task-list order', async () => {
    const logged: number[] = [];
    const reporter: Reporter = {
      async onEvent(event) {
        if (event.type !== 'task-end') return;
        await store.flush();
        logged.push((await readFile(store.taskResultsFile, 'utf8')).trim().split('\n').length);
      },
    };
    const { options, store } = await setup({
      prompts: ['A', 'B', 'C', 'D'],
      overrides: { concurrency: 1 },
      reporters: [{ name: 'log-reader', reporter }],
    });
    const { results } = await runBatch(options);

    expect(logged).toEqual([1, 2, 3, 4]);
    expect(JSON.parse(await readFile(store.resultsFile, 'utf8'))).toEqual(results);
    expect(readRunResults(store.runDir)).toEqual(results);
    // Tasks are listed in task-list order, whatever order they finished in.
    expect(results.tasks.map((task) => task.index)).toEqual([0, 1, 2, 3]);
  });

  it('reads the tasks results.json lacks from the task-results log (a run cut off within the second)', async () => {
    const { options, store } = await setup({ prompts: ['A', 'B'] });
    const { results } = await runBatch(options);
    const [first] = results.tasks;
    await writeFile(
      store.resultsFile,
      JSON.stringify({
        ...results,
        status: 'interrupted',
        tasks: [first],
        summary: { ...results.summary, completed: 1 },
      }),
    );
    const read = readRunResults(store.runDir);
    expect(read.tasks).toEqual(results.tasks);
    expect(read.summary).toEqual(results.summary);
    expect(read.status).toBe('interrupted');
  });

  it('writes events.jsonl in order, from run-start to run-end, the same events the reporters get', async () => {
    const recorder = recordingReporter();
    const { options, store } = await setup({ reporters: [{ name: 'rec', reporter: recorder.reporter }] });
    const { results } = await runBatch(options);
    const events = readRunEvents(store.runDir);

    expect(events[0]).toMatchObject({
      type: 'run-start',
      runId: 'run-1',
      runDir: store.runDir,
      total: 3,
      concurrency: 2,
    });
    expect(events.slice(1, 4).map((event) => event.type)).toEqual(['task-queued', 'task-queued', 'task-queued']);
    expect(events.at(-1)).toEqual({ type: 'run-end', time: expect.any(String), results });
    expect(events.filter((event) => event.type === 'task-end')).toHaveLength(3);
    const times = events.map((event) => Date.parse(event.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const id of ['task-0', 'task-1', 'task-2']) {
      const own = events.filter((event) => 'taskId' in event && event.taskId === id).map((event) => event.type);
      expect(own[0]).toBe('task-queued');
      expect(own[1]).toBe('task-start');
      expect(own.at(-1)).toBe('task-end');
      expect(own.indexOf('iteration-start')).toBeLessThan(own.indexOf('verdict'));
    }
    const taskEnds = events.filter((event) => event.type === 'task-end');
    expect(taskEnds.every((event) => event.total === 3)).toBe(true);
    expect(taskEnds.at(-1)?.type === 'task-end' && taskEnds.at(-1)?.done).toBe(3);

    expect(recorder.calls[0]?.hook).toBe('onRunStart');
    expect(recorder.calls[0]?.info).toMatchObject({ runId: 'run-1', total: 3, concurrency: 2, runDir: store.runDir });
    expect(recorder.calls.at(-1)).toEqual({ hook: 'onRunEnd', results });
    const delivered = recorder.calls.filter((call) => call.hook === 'onEvent').map((call) => call.event);
    expect(JSON.parse(JSON.stringify(delivered))).toEqual(events);
  });

  it('numbers task-end events 1, 2, 3 even when tasks end at the same time', async () => {
    const { options, store } = await setup({ overrides: { concurrency: 3 } });
    const write = store.writeResults.bind(store);
    store.writeResults = async (results) => {
      await sleep(30);
      await write(results);
    };
    await runBatch(options);
    const done = readRunEvents(store.runDir).flatMap((event) => (event.type === 'task-end' ? [event.done] : []));
    expect(done).toEqual([1, 2, 3]);
  });

  it('runs at most `concurrency` tasks at once, and does use that many', async () => {
    const coder = coderModel(15);
    const { options, store } = await setup({
      prompts: ['A', 'B', 'C', 'D', 'E'],
      coder,
      overrides: { concurrency: 2 },
    });
    await runBatch(options);
    let running = 0;
    let most = 0;
    for (const event of readRunEvents(store.runDir)) {
      if (event.type === 'task-start') most = Math.max(most, ++running);
      if (event.type === 'task-end') running--;
    }
    expect(most).toBe(2);
    expect(coder.maxInFlight).toBe(2);
  });

  it('runs tasks one by one with concurrency 1', async () => {
    const coder = coderModel(5);
    const { options } = await setup({ coder, overrides: { concurrency: 1 } });
    await runBatch(options);
    expect(coder.maxInFlight).toBe(1);
  });

  it('reports a throwing reporter by name, keeps serving the others, and fails the run without hanging', async () => {
    const recorder = recordingReporter();
    const boom: Reporter = {
      onEvent(event) {
        if (event.type === 'task-start') throw new Error('disk full');
      },
    };
    const { options, store } = await setup({
      reporters: [
        { name: 'boom', reporter: boom },
        { name: 'rec', reporter: recorder.reporter },
      ],
    });
    const { results, reporterFailures } = await withinMs(runBatch(options), 5000);

    expect(reporterFailures).toHaveLength(1);
    expect(reporterFailures[0]).toMatchObject({ name: 'boom', hook: 'onEvent' });
    expect(reporterFailures[0]?.error).toEqual(new Error('disk full'));
    expect(results.tasks.every((task) => task.status === 'completed')).toBe(true);
    expect(results.status).toBe('failed');
    expect(readRunResults(store.runDir).status).toBe('failed');
    expect(recorder.calls.at(-1)?.hook).toBe('onRunEnd');
    expect(recorder.calls.filter((call) => call.hook === 'onEvent')).toHaveLength(readRunEvents(store.runDir).length);
  });

  it('fails the run when a reporter throws in onRunStart', async () => {
    const { options } = await setup({
      prompts: ['A'],
      reporters: [
        {
          name: 'bad-start',
          reporter: {
            onRunStart() {
              throw new Error('no terminal');
            },
          },
        },
      ],
    });
    const { results, reporterFailures } = await withinMs(runBatch(options), 5000);
    expect(reporterFailures.map((failure) => [failure.name, failure.hook])).toEqual([['bad-start', 'onRunStart']]);
    expect(results.status).toBe('failed');
  });

  it('fails the run when a reporter throws on the run-end event', async () => {
    const { options, store } = await setup({
      prompts: ['A'],
      reporters: [
        {
          name: 'late',
          reporter: {
            onEvent(event) {
              if (event.type === 'run-end') throw new Error('cannot write report');
            },
          },
        },
      ],
    });
    const { results, reporterFailures } = await withinMs(runBatch(options), 5000);
    expect(reporterFailures.map((failure) => failure.name)).toEqual(['late']);
    expect(results.status).toBe('failed');
    expect(readRunResults(store.runDir).status).toBe('failed');
  });

  it('fails the run when a reporter throws in onRunEnd', async () => {
    const { options } = await setup({
      prompts: ['A'],
      reporters: [
        {
          name: 'md',
          reporter: {
            onRunEnd() {
              throw new Error('cannot write report.md');
            },
          },
        },
      ],
    });
    const { results, reporterFailures } = await withinMs(runBatch(options), 5000);
    expect(reporterFailures.map((failure) => failure.name)).toEqual(['md']);
    expect(results.status).toBe('failed');
  });

  it('waits for slow async reporter hooks, in order', async () => {
    const seen: string[] = [];
    const slow: Reporter = {
      async onEvent(event) {
        await sleep(1);
        seen.push(event.type);
      },
      async onRunEnd() {
        seen.push('onRunEnd');
      },
    };
    const { options, store } = await setup({ prompts: ['A'], reporters: [{ name: 'slow', reporter: slow }] });
    await runBatch(options);
    expect(seen).toEqual([...readRunEvents(store.runDir).map((event) => event.type), 'onRunEnd']);
  });

  it('on interrupt, cancels the remaining tasks, still writes every result, and says interrupted', async () => {
    const controller = new AbortController();
    const coder = new FakeModel([], {
      fallback: async (request) => {
        setTimeout(() => controller.abort(new Error('SIGINT')), 5);
        await new Promise((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }),
        );
        return textReply('never');
      },
    });
    const { options, store } = await setup({
      prompts: ['A', 'B', 'C'],
      coder,
      overrides: { concurrency: 1, signal: controller.signal },
    });
    const { results } = await withinMs(runBatch(options), 5000);
    expect(results.status).toBe('interrupted');
    expect(results.tasks.map((task) => task.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(results.tasks.map((task) => task.iterations)).toEqual([1, 0, 0]);
    expect(coder.calls).toBe(1);
    expect(readRunResults(store.runDir)).toEqual(results);
    expect(readRunEvents(store.runDir).at(-1)?.type).toBe('run-end');
  });

  it('saves diff.patch for a task whose workspace is a git repository', async () => {
    const { options, store, tasks } = await setup({ prompts: ['In git', 'Not in git'] });
    const repo = tasks[0]?.dir as string;
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
        {
          cwd: repo,
        },
      );
    git('init', '-q');
    await writeFile(path.join(repo, 'README.md'), 'readme\n');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    await runBatch(options);
    const patch = await readFile(path.join(store.runDir, 'tasks', 'task-0', 'diff.patch'), 'utf8');
    expect(patch).toContain('+++ b/out.txt');
    expect(patch).toContain('+In git');
    expect(existsSync(path.join(store.runDir, 'tasks', 'task-1', 'diff.patch'))).toBe(false);
  });

  it('stops starting tasks once the run budget is spent', async () => {
    const usage = { inputTokens: 500, outputTokens: 500 };
    const coder = new FakeModel([], { fallback: textReply('done', usage) });
    const { options } = await setup({
      prompts: ['A', 'B', 'C'],
      coder,
      overrides: { concurrency: 1 },
      executorOverrides: { budget: { run: { tokens: 1000 }, task: undefined } },
    });
    const { results } = await runBatch(options);
    expect(results.tasks.map((task) => task.status)).toEqual(['completed', 'incomplete', 'incomplete']);
    expect(results.tasks[1]?.error?.code).toBe('budget');
    expect(coder.calls).toBe(1);
  });

  it('handles an empty task list', async () => {
    const { options, store } = await setup({ prompts: [] });
    const { results } = await withinMs(runBatch(options), 5000);
    expect(results.tasks).toEqual([]);
    expect(results.status).toBe('passed');
    expect(readRunEvents(store.runDir).map((event) => event.type)).toEqual(['run-start', 'run-end']);
  });
});
