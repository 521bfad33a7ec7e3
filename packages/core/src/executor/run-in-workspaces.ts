import path from 'node:path';
import { addUsage, emptyUsage } from '../model/usage.js';
import { runTask, type TaskRunOptions } from '../pipeline/run-task.js';
import { taskResultOf } from '../pipeline/task-result-of.js';
import type { EventSink } from '../plugin/event-sink.js';
import type { AttemptResult, TaskResult } from '../plugin/run-results.js';
import type { Stage } from '../plugin/stage.js';
import type { PriorUsage, TaskResumePoint } from '../plugin/task-executor.js';
import type { TaskStore } from '../plugin/task-store.js';
import { attemptKey } from '../store/attempt-key.js';
import { roundUsd } from '../store/summarize-results.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { createWorkspace, type WorkspaceOptions } from '../tools/workspace.js';
import { applyPatch } from '../workspaces/apply-patch.js';
import { chooseAttempt } from '../workspaces/choose-attempt.js';
import { writingFolder } from '../workspaces/folder-lock.js';
import { prepareWorkspace } from '../workspaces/prepare-workspace.js';
import type { TaskWorkspace, WorkspaceMode } from '../workspaces/task-workspace.js';
import { pointBranch } from '../workspaces/worktree-workspace.js';
import type { Slots } from './slots.js';

/** How a run's tasks get workspaces of their own (`run.workspace: copy | worktree`, `run.attempts`, `run.applyBack`). */
export interface WorkspacePlan {
  mode: WorkspaceMode;
  attempts: number;
  applyBack: boolean;
  runId: string;
  /** The run folder: copies and worktrees live in `tasks/<taskId>/`, and it is never copied. */
  runDir: string;
  /** Attempts in flight across the whole run stay within `run.concurrency`. */
  slots: Slots;
}

export type WorkspaceTaskOptions = Omit<TaskRunOptions, 'openWorkspace'> & {
  /** How the agents' commands run in the workspace (sandbox, environment, masking). */
  workspace: WorkspaceOptions;
};

interface AttemptOutcome {
  result: TaskResult;
  attempt: AttemptResult;
  patch: string;
}

/**
 * Runs a task in workspaces of its own, `plan.attempts` times side by side, and returns its best
 * attempt as the task's result with every attempt's usage counted. Each attempt's change is kept
 * (its `diff.patch`, a commit on its branch); the chosen one's is the task's, and with
 * `applyBack` a completed one is applied to the original folder. A resumed task continues each
 * attempt from its own checkpoint; an attempt that ended in an earlier session is not run again.
 */
export async function runInWorkspaces(
  task: TaskDefinition,
  resume: TaskResumePoint | undefined,
  options: WorkspaceTaskOptions,
  plan: WorkspacePlan,
): Promise<TaskResult> {
  const started = Date.now();
  const several = plan.attempts > 1;
  const points = new Map((resume?.attempts ?? []).map((point) => [point.attempt, point]));
  const outcomes = several
    ? await Promise.all(
        Array.from({ length: plan.attempts }, (_, index) => {
          const point = points.get(index + 1);
          if (point?.ended) return endedAttempt(task, point.ended, point.prior);
          return plan.slots.run(() => runAttempt(task, index + 1, point, options, plan));
        }),
      )
    : [await runAttempt(task, 1, resume, options, plan)];
  const chosen = chooseAttempt(outcomes.map((outcome) => outcome.attempt));
  const best = outcomes[chosen.attempt - 1] as AttemptOutcome;
  let result: TaskResult = { ...best.result, ...(chosen.branch && { branch: chosen.branch }) };
  if (several) {
    if (best.patch) await options.store.writeDiff(task.id, best.patch);
    const taskBranch = `agentbatch/${plan.runId}/${task.id}`;
    if (plan.mode === 'worktree' && chosen.branch && best.result.status !== 'cancelled') {
      await pointBranch(task.dir, taskBranch, chosen.branch);
      result = { ...result, branch: taskBranch };
    }
    // What a retried task spent before it started over belongs to no attempt of this session.
    const spent: PriorUsage[] = outcomes.map(({ result }) => ({ byRole: result.usageByRole, costUsd: result.costUsd }));
    if (!resume?.attempts && resume?.prior) spent.push(resume.prior);
    result = {
      ...result,
      durationMs: Math.max(Date.now() - started, ...outcomes.map((outcome) => outcome.result.durationMs)),
      usage: spent.map(({ byRole }) => addUsage(byRole.coder, byRole.evaluator)).reduce(addUsage),
      usageByRole: {
        coder: spent.map(({ byRole }) => byRole.coder).reduce(addUsage),
        evaluator: spent.map(({ byRole }) => byRole.evaluator).reduce(addUsage),
      },
      costUsd: roundUsd(spent.reduce((total, part) => total + part.costUsd, 0)),
      attempts: outcomes.map((outcome) => outcome.attempt),
      chosenAttempt: chosen.attempt,
    };
  }
  if (plan.applyBack && result.status === 'completed') {
    // One change at a time per folder, and none while a copy of it is being taken: the second of two
    // tasks on one folder sees the first's change, and a copy always agrees with its baseline.
    result = { ...result, applyBack: await writingFolder(task.dir, () => applyPatch(best.patch, task.dir)) };
  }
  return result;
}

async function runAttempt(
  task: TaskDefinition,
  attempt: number,
  resume: TaskResumePoint | undefined,
  options: WorkspaceTaskOptions,
  plan: WorkspacePlan,
): Promise<AttemptOutcome> {
  const several = plan.attempts > 1;
  // An attempt keeps its records beside the task's: tasks/<taskId>/attempt-<n>/.
  const key = several ? attemptKey(task.id, attempt) : task.id;
  let workspace: TaskWorkspace | undefined;
  let verifyExitCode: number | undefined;
  const { workspace: workspaceOptions, ...taskOptions } = options;
  const result = await runTask(
    task,
    {
      ...taskOptions,
      stages: options.stages.map((stage) => watchVerify(stage, (exitCode) => (verifyExitCode = exitCode))),
      store: several ? attemptStore(options.store, key) : options.store,
      sink: several ? attemptSink(options.sink, attempt) : options.sink,
      openWorkspace: async () => {
        workspace = await prepareWorkspace({
          mode: plan.mode,
          sourceDir: task.dir,
          stateDir: path.join(plan.runDir, 'tasks', key),
          branch: `agentbatch/${plan.runId}/${several ? `${task.id}-attempt-${attempt}` : task.id}`,
          exclude: [plan.runDir],
          // A task that continues from a checkpoint continues in its workspace; anything else starts afresh.
          fresh: resume?.checkpoint === undefined,
        });
        return createWorkspace(workspace.dir, workspaceOptions);
      },
    },
    resume,
  );
  let patch = '';
  let finished = result;
  if (workspace) {
    try {
      patch = await keepChange(workspace, result, key, options.store);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      finished = { ...result, status: 'error', error: { code: 'workspace', message } };
    }
  }
  return {
    result: finished,
    patch,
    attempt: {
      attempt,
      status: finished.status,
      iterations: finished.iterations,
      usage: finished.usage,
      costUsd: finished.costUsd,
      verdict: finished.verdict,
      workspace: workspace?.dir ?? '',
      ...(workspace?.branch && { branch: workspace.branch }),
      ...(verifyExitCode !== undefined && { verifyExitCode }),
      ...(finished.error && { error: finished.error }),
      ...(finished.lastResponse !== undefined && { lastResponse: finished.lastResponse }),
    },
  };
}

/** An attempt that ended in an earlier session, as it ended: its change was kept then. */
function endedAttempt(
  task: TaskDefinition,
  ended: { result: AttemptResult; patch: string },
  prior: PriorUsage | undefined,
): AttemptOutcome {
  const { result: attempt, patch } = ended;
  return {
    attempt,
    patch,
    result: taskResultOf(task, {
      status: attempt.status,
      iterations: attempt.iterations,
      durationMs: 0,
      usage: attempt.usage,
      usageByRole: prior?.byRole ?? { coder: emptyUsage(), evaluator: emptyUsage() },
      costUsd: attempt.costUsd,
      verdict: attempt.verdict,
      error: attempt.error ?? null,
      lastResponse: attempt.lastResponse,
    }),
  };
}

/**
 * Saves the attempt's change as its `diff.patch` and, once it has ended, commits it on its branch
 * and removes the copy or checkout. A cancelled one keeps its workspace for `--resume`.
 */
async function keepChange(
  workspace: TaskWorkspace,
  result: TaskResult,
  key: string,
  store: TaskStore,
): Promise<string> {
  const patch = await workspace.diff();
  if (patch) await store.writeDiff(key, patch);
  if (result.status === 'cancelled') return patch;
  await workspace.commit(`agentbatch: ${key} ${result.status} after ${result.iterations} iteration(s)`);
  await workspace.remove();
  return patch;
}

/** The stage, reporting the exit code of each `verify` it hands the evaluator. */
function watchVerify(stage: Stage, onVerify: (exitCode: number) => void): Stage {
  const run = stage.run?.bind(stage);
  if (!run) return stage;
  return {
    name: stage.name,
    taskStart: stage.taskStart?.bind(stage),
    run: (context) =>
      run({
        ...context,
        report: (report) => {
          if (report.stage === 'verify' && report.exitCode !== undefined) onVerify(report.exitCode);
          context.report(report);
        },
      }),
    taskEnd: stage.taskEnd?.bind(stage),
  };
}

/** The task's store, keeping an attempt's transcript, checkpoint and patch in its own folder. */
function attemptStore(store: TaskStore, key: string): TaskStore {
  return {
    appendTranscript: (_taskId, entry) => store.appendTranscript(key, entry),
    writeCheckpoint: (checkpoint) => store.writeCheckpoint({ ...checkpoint, taskId: key }),
    writeDiff: (_taskId, patch) => store.writeDiff(key, patch),
  };
}

/** The run's sink, marking every event with the attempt it belongs to. */
function attemptSink(sink: EventSink, attempt: number): EventSink {
  return { emit: (event) => sink.emit({ ...event, taskAttempt: attempt }) };
}
