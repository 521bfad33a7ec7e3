import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyUsage, usageOfCall } from '../model/usage.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { AttemptResult, TaskResult, TaskStatus } from '../plugin/run-results.js';
import { writeRunManifest } from '../store/run-manifest.js';
import { RunStore } from '../store/run-store.js';
import { summarizeTasks } from '../store/summarize-results.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { planResume } from './resume-plan.js';

const time = '2026-12-01T10:00:00.000Z';
const definition = (id: string, index: number): TaskDefinition => ({ id, index, dir: `/work/${id}`, prompt: id });

const attempt = (number: number, status: TaskStatus, inputTokens: number): AttemptResult => ({
  attempt: number,
  status,
  iterations: 1,
  usage: usageOfCall({ inputTokens, outputTokens: 0 }),
  costUsd: 0,
  verdict: null,
  workspace: `/runs/r1/tasks/t/attempt-${number}/workspace`,
});

const result = (id: string, index: number, status: TaskStatus, attempts: AttemptResult[]): TaskResult => ({
  id,
  index,
  dir: `/work/${id}`,
  prompt: id,
  status,
  iterations: 1,
  durationMs: 10,
  usage: emptyUsage(),
  usageByRole: { coder: emptyUsage(), evaluator: emptyUsage() },
  costUsd: 0,
  verdict: null,
  error: null,
  attempts,
  chosenAttempt: 1,
});

/** A call of one attempt, as its `model-call-end` event records it. */
const call = (taskId: string, taskAttempt: number, inputTokens: number): RunEvent[] => [
  { type: 'task-start', time, taskId, index: 0, dir: `/work/${taskId}`, prompt: taskId, taskAttempt },
  {
    type: 'model-call-end',
    time,
    taskId,
    iteration: 1,
    role: 'coder',
    provider: 'fake',
    model: 'fake',
    usage: usageOfCall({ inputTokens, outputTokens: 0 }),
    costUsd: 0,
    durationMs: 1,
    finishReason: 'stop',
    taskAttempt,
  },
];

/** A run stopped while task `stopped` had one attempt ended and one cut off after iteration 1; `failed` ended. */
async function stoppedRun() {
  const runDir = path.join(await makeTempDir(), 'r1');
  const store = new RunStore(runDir);
  writeRunManifest(runDir, { runId: 'r1', configPath: '/work/agentbatch.yaml', startedAt: time });
  const tasks = [
    result('stopped', 0, 'cancelled', [attempt(1, 'failed', 100), attempt(2, 'cancelled', 30)]),
    result('failed', 1, 'failed', [attempt(1, 'failed', 7), attempt(2, 'incomplete', 9)]),
  ];
  for (const event of [...call('stopped', 1, 100), ...call('stopped', 2, 30), ...call('failed', 1, 7)])
    store.appendEvent(event);
  await store.writeCheckpoint({
    checkpointVersion: 1,
    taskId: 'stopped/attempt-2',
    iterations: 1,
    instruction: 'Now write the tests',
    verdict: { status: 'continue', summary: 'half done' },
    elapsedMs: 5,
    coder: [],
    evaluator: [],
  });
  await store.writeDiff('stopped/attempt-1', 'the patch of attempt 1\n');
  await store.writeResults({
    schemaVersion: 1,
    runId: 'r1',
    status: 'interrupted',
    startedAt: time,
    endedAt: time,
    durationMs: 10,
    summary: summarizeTasks(tasks),
    tasks,
  });
  await store.flush();
  return runDir;
}

describe('planResume with run.attempts', () => {
  it('gives each attempt of an unfinished task its own checkpoint and usage, and keeps an ended one', async () => {
    const plan = planResume(await stoppedRun(), [definition('stopped', 0), definition('failed', 1)], 'resume');
    expect(plan.toRun.map((task) => task.id)).toEqual(['stopped']);
    const point = plan.points.get('stopped');
    expect(point?.prior?.byRole.coder.inputTokens).toBe(130);
    const [first, second] = point?.attempts ?? [];
    expect(first).toMatchObject({ attempt: 1, checkpoint: undefined, ended: { patch: 'the patch of attempt 1\n' } });
    expect(first?.ended?.result.status).toBe('failed');
    expect(first?.prior?.byRole.coder.inputTokens).toBe(100);
    expect(second).toMatchObject({ attempt: 2, checkpoint: { iterations: 1, instruction: 'Now write the tests' } });
    expect(second?.ended).toBeUndefined();
    expect(second?.prior?.byRole.coder.inputTokens).toBe(30);
  });

  it('starts every attempt of a retried task over, with what it spent still counted', async () => {
    const plan = planResume(await stoppedRun(), [definition('stopped', 0), definition('failed', 1)], 'retry-failed');
    expect(plan.toRun.map((task) => task.id)).toEqual(['stopped', 'failed']);
    expect(plan.points.get('failed')).toEqual({
      checkpoint: undefined,
      prior: expect.objectContaining({ costUsd: 0 }),
    });
    expect(plan.points.get('failed')?.prior?.byRole.coder.inputTokens).toBe(7);
  });
});
