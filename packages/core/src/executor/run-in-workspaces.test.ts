import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallUsage } from '../model/usage.js';
import { codeStage } from '../pipeline/stages/code-stage.js';
import { evaluateStage } from '../pipeline/stages/evaluate-stage.js';
import { verifyStage } from '../pipeline/stages/verify-stage.js';
import type { Stage } from '../plugin/stage.js';
import { attemptResumePoints } from '../run/attempt-resume-points.js';
import { RunStore } from '../store/run-store.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { FakeModel, textReply, toolReply, verdictReply, waitForAbort } from '../test-support/fake-model.js';
import { agentBinding, recordingSink } from '../test-support/pipeline.js';
import { makeTempDir, writeFiles } from '../test-support/temp-dir.js';
import { MemoryBudgetLedger } from './memory-budget-ledger.js';
import { runInWorkspaces, type WorkspacePlan } from './run-in-workspaces.js';
import { Slots } from './slots.js';

const small: CallUsage = { inputTokens: 10, outputTokens: 5 };
const medium: CallUsage = { inputTokens: 100, outputTokens: 50 };
const large: CallUsage = { inputTokens: 1000, outputTokens: 500 };

/** The coder's turn: write one file, then say so. */
const writes = (file: string, content: string, usage: CallUsage = small) => [
  toolReply([{ name: 'write_file', args: { path: file, content } }], '', usage),
  textReply(`wrote ${file}`, usage),
];

async function setup(attempts: number) {
  const base = await makeTempDir();
  const runDir = path.join(base, 'run');
  const task: TaskDefinition = {
    id: 'calc',
    index: 0,
    dir: await writeFiles(path.join(base, 'project'), { 'README.md': 'calc\n' }),
    prompt: 'Write good.txt',
  };
  // One slot: the attempts run one after another, in order, so each takes the next scripted answers.
  const plan: WorkspacePlan = { mode: 'copy', attempts, applyBack: false, runId: 'r1', runDir, slots: new Slots(1) };
  const session = (coder: FakeModel, evaluator: FakeModel, stages: Stage[], signal = new AbortController().signal) => {
    const store = new RunStore(runDir);
    const { sink, events } = recordingSink();
    const options = {
      agents: { coder: agentBinding('coder', coder), evaluator: agentBinding('evaluator', evaluator) },
      stages,
      maxIterations: 3,
      taskTimeoutMs: undefined,
      budget: { run: undefined, task: undefined },
      ledger: new MemoryBudgetLedger(),
      store,
      sink,
      signal,
      workspace: {},
    };
    return { options, store, events };
  };
  return { task, plan, runDir, session };
}

const tokensOf = (usages: CallUsage[]) =>
  usages.reduce((total, usage) => total + usage.inputTokens + usage.outputTokens, 0);

// Real copies and git: slow on a busy machine.
describe('runInWorkspaces', { timeout: 120_000 }, () => {
  it('keeps a completed attempt, then one whose verify passed, then the one with fewer tokens; usage counts all', async () => {
    const { task, plan, runDir, session } = await setup(4);
    const coder = new FakeModel([
      ...writes('good.txt', 'one'), // 1: failed, although its verify passed with the fewest tokens
      ...writes('good.txt', 'two', large), // 2: completed, verify passed, many tokens
      ...writes('other.txt', 'three'), // 3: completed, verify failed, few tokens
      ...writes('good.txt', 'four', medium), // 4: completed, verify passed, fewer tokens than 2: chosen
    ]);
    const evaluator = new FakeModel([
      verdictReply('failed', 'not what was asked'),
      verdictReply('completed', 'good', undefined, large),
      verdictReply('completed', 'good'),
      verdictReply('completed', 'good', undefined, medium),
    ]);
    const stages = [codeStage(), verifyStage({ command: 'test -f good.txt' }), evaluateStage()];
    const { options, store } = session(coder, evaluator, stages);

    const result = await runInWorkspaces(task, undefined, options, plan);
    await store.flush();

    expect(result.attempts?.map(({ status, verifyExitCode }) => [status, verifyExitCode])).toEqual([
      ['failed', 0],
      ['completed', 0],
      ['completed', 1],
      ['completed', 0],
    ]);
    expect(result).toMatchObject({ status: 'completed', chosenAttempt: 4, iterations: 1 });
    expect(await readFile(path.join(runDir, 'tasks/calc/diff.patch'), 'utf8')).toContain('+four');
    // Every attempt's calls, each counted once.
    const calls = coder.calls + evaluator.calls;
    expect(result.usage.calls).toBe(calls);
    expect(result.usageByRole.coder.calls).toBe(coder.calls);
    expect(result.usage.totalTokens).toBe(
      tokensOf([small, small, small, large, large, large, small, small, small]) + tokensOf([medium, medium, medium]),
    );
    expect(result.attempts?.reduce((total, attempt) => total + attempt.usage.totalTokens, 0)).toBe(
      result.usage.totalTokens,
    );
  });

  it('on resume, goes on with each unfinished attempt from its checkpoint and does not run an ended one again', async () => {
    const { task, plan, runDir, session } = await setup(3);
    const stages = [codeStage(), evaluateStage()];
    const stop = new AbortController();
    const first = session(
      new FakeModel([
        textReply('I will not do it'), // attempt 1
        ...writes('step1.txt', 'one'), // attempt 2, iteration 1
        (request) => {
          // Attempt 2, iteration 2: the user stops the run.
          stop.abort();
          return waitForAbort(request.signal);
        },
      ]),
      new FakeModel([verdictReply('failed', 'refused'), verdictReply('continue', 'half done', 'Now write step2.txt')]),
      stages,
      stop.signal,
    );
    const stopped = await runInWorkspaces(task, undefined, first.options, plan);
    await first.store.flush();
    expect(stopped.status).toBe('cancelled');
    expect(stopped.attempts?.map((attempt) => attempt.status)).toEqual(['failed', 'cancelled', 'cancelled']);
    // Each attempt's coder's last reply; the third never started.
    expect(stopped.attempts?.map((attempt) => attempt.lastResponse)).toEqual([
      'I will not do it',
      'wrote step1.txt',
      undefined,
    ]);

    const points = attemptResumePoints(first.store, first.events)('calc', stopped);
    expect(points?.map((point) => [point.attempt, point.ended?.result.status, point.checkpoint?.iterations])).toEqual([
      [1, 'failed', undefined],
      [2, undefined, 1],
      [3, undefined, undefined],
    ]);
    const coder = new FakeModel([...writes('step2.txt', 'two'), ...writes('three.txt', '3')]);
    const evaluator = new FakeModel([verdictReply('completed', 'both steps'), verdictReply('failed', 'wrong file')]);
    const second = session(coder, evaluator, stages);
    const resumed = await runInWorkspaces(
      task,
      { checkpoint: undefined, prior: undefined, ...(points && { attempts: points }) },
      second.options,
      plan,
    );
    await second.store.flush();

    // Attempt 1 is not run again; attempt 2 continues its conversation with the evaluator's instruction.
    expect(resumed.attempts?.[0]).toEqual(stopped.attempts?.[0]);
    const continued = coder.requests[0]?.messages.map((message) => JSON.stringify(message)).join('\n');
    expect(continued).toContain('wrote step1.txt');
    expect(continued).toContain('Now write step2.txt');
    expect(resumed).toMatchObject({ status: 'completed', chosenAttempt: 2, iterations: 2 });
    expect(resumed.attempts?.map((attempt) => attempt.status)).toEqual(['failed', 'completed', 'failed']);
    expect(resumed.lastResponse).toBe('wrote step2.txt');
    expect(resumed.attempts?.map((attempt) => attempt.lastResponse)).toEqual([
      'I will not do it',
      'wrote step2.txt',
      'wrote three.txt',
    ]);
    // It went on in the same copy: the change holds both iterations' files.
    const patch = await readFile(path.join(runDir, 'tasks/calc/diff.patch'), 'utf8');
    expect(patch).toContain('+++ b/step1.txt');
    expect(patch).toContain('+++ b/step2.txt');
    // Usage: both sessions' calls (the one the stop cut short was never answered, so never counted).
    expect(resumed.usage.calls).toBe(3 + 2 + coder.calls + evaluator.calls);
    expect(resumed.usage.totalTokens).toBe(
      tokensOf(Array.from({ length: 5 + coder.calls + evaluator.calls }, () => small)),
    );
  });
});
