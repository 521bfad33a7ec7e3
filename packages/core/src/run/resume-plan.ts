import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addUsage, type Usage } from '../model/usage.js';
import { priorUsageFromEvents } from '../pipeline/prior-usage.js';
import { runningTimeFromEvents } from '../pipeline/running-time.js';
import type { TaskResult, TaskStatus } from '../plugin/run-results.js';
import type { TaskResumePoint } from '../plugin/task-executor.js';
import { readRunEvents, readRunResults } from '../store/read-run.js';
import { readRunManifest } from '../store/run-manifest.js';
import { RunStore } from '../store/run-store.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { attemptResumePoints } from './attempt-resume-points.js';

/**
 * `resume`: run what did not finish (cancelled, or cut off by a crash), each from its last
 * finished iteration. `retry-failed`: also run again, from the start, what finished without
 * completing (failed, error, incomplete, timeout).
 */
export type ResumeMode = 'resume' | 'retry-failed';

const retried: readonly TaskStatus[] = ['failed', 'error', 'incomplete', 'timeout'];

export interface ResumePlan {
  runId: string;
  runDir: string;
  startedAt: string;
  /** Time spent running in earlier sessions (not the time between them). */
  runningMs: number;
  kept: TaskResult[];
  toRun: TaskDefinition[];
  points: Map<string, TaskResumePoint>;
}

export function planResume(runDir: string, tasks: readonly TaskDefinition[], mode: ResumeMode): ResumePlan {
  const manifest = readRunManifest(runDir);
  const previous = new Map(
    (existsSync(join(runDir, 'results.json')) ? readRunResults(runDir).tasks : []).map((result) => [result.id, result]),
  );
  const store = new RunStore(runDir);
  const events = readRunEvents(runDir);
  const prior = priorUsageFromEvents(events);
  const attemptsOf = attemptResumePoints(store, events);
  const plan: ResumePlan = {
    runId: manifest.runId,
    runDir,
    startedAt: manifest.startedAt,
    runningMs: runningTimeFromEvents(events),
    kept: [],
    toRun: [],
    points: new Map(),
  };
  for (const task of tasks) {
    const old = previous.get(task.id);
    const unfinished = !old || old.status === 'cancelled';
    const retry = mode === 'retry-failed' && old !== undefined && retried.includes(old.status);
    if (old && !unfinished && !retry) {
      plan.kept.push({ ...old, index: task.index });
      continue;
    }
    plan.toRun.push(task);
    // A retried task starts over (every attempt of it), but what it spent before still counts.
    const attempts = retry ? undefined : attemptsOf(task.id, old);
    plan.points.set(task.id, {
      checkpoint: retry ? undefined : store.readCheckpoint(task.id),
      prior: prior.get(task.id),
      ...(attempts && { attempts }),
    });
  }
  return plan;
}

/** What the run spent in its earlier sessions: its finished tasks, and what the tasks to run again had spent. */
export function spentBefore(plan: ResumePlan): { usage: Usage; costUsd: number }[] {
  const kept = plan.kept.map((task) => ({ usage: task.usage, costUsd: task.costUsd }));
  const started = [...plan.points.values()].flatMap(({ prior }) =>
    prior ? [{ usage: addUsage(prior.byRole.coder, prior.byRole.evaluator), costUsd: prior.costUsd }] : [],
  );
  return [...kept, ...started];
}
