// Each piece from its own module: the 'rxjs' entry loads all of RxJS (hundreds of CommonJS
// modules), a large share of the CLI's start-up before its first model call.
import { lastValueFrom } from 'rxjs/internal/lastValueFrom';
import { defer } from 'rxjs/internal/observable/defer';
import { from } from 'rxjs/internal/observable/from';
import { concatMap } from 'rxjs/internal/operators/concatMap';
import { mergeMap } from 'rxjs/internal/operators/mergeMap';
import { toArray } from 'rxjs/internal/operators/toArray';
import type { EventSink, RunEventInput } from '../plugin/event-sink.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults, RunStatus, TaskResult } from '../plugin/run-results.js';
import type { TaskExecutor, TaskResumePoint } from '../plugin/task-executor.js';
import type { RunStore } from '../store/run-store.js';
import { summarizeTasks } from '../store/summarize-results.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { InOrder } from './in-order.js';
import type { ReporterFailure, ReporterHub } from './reporter-hub.js';
import { workspaceLanes } from './workspace-lanes.js';

export interface BatchOptions {
  runId: string;
  configPath: string;
  /** The tasks to run in this session. */
  tasks: readonly TaskDefinition[];
  /**
   * A resumed run: when it first started, how long its earlier sessions ran, the results kept from
   * them, and where tasks pick up.
   */
  resume?: {
    startedAt: string;
    runningMs: number;
    kept: readonly TaskResult[];
    points: ReadonlyMap<string, TaskResumePoint>;
  };
  concurrency: number;
  /** Tasks that name the same folder: one after another (`serial`), or side by side. */
  sharedDirs: 'serial' | 'parallel';
  /** Runs each task: in this process, or on a queue's workers. */
  executor: TaskExecutor;
  store: RunStore;
  reporters: ReporterHub;
  /** Aborting it stops scheduling and aborts in-flight model calls and commands; results are still written. */
  signal: AbortSignal;
}

export interface BatchOutcome {
  results: RunResults;
  reporterFailures: ReporterFailure[];
}

/**
 * The run's scheduling: tasks flow through `mergeMap` at the configured concurrency to the
 * executor, which runs each one; every step is a
 * `RunEvent`, appended to `events.jsonl` and delivered to the reporters strictly in order (at
 * once, while no reporter is still busy with an earlier one).
 * Each finished task goes to the store's task-results log at once, and into `results.json` within a second.
 */
export async function runBatch(options: BatchOptions): Promise<BatchOutcome> {
  const { store, reporters } = options;
  const sessionStartedAt = new Date();
  const startedAt = options.resume ? new Date(options.resume.startedAt) : sessionStartedAt;
  // Running time only: the hours between an interrupted session and its resume are not counted.
  const earlierRunningMs = options.resume?.runningMs ?? 0;
  const total = options.tasks.length + (options.resume?.kept.length ?? 0);
  const delivery = new InOrder<RunEvent>((event) => {
    store.appendEvent(event);
    // Reporters that read the run folder when it ends (html) find every line written.
    if (event.type === 'run-end') return store.flush().then(() => reporters.event(event));
    return reporters.event(event);
  });
  const emit = (event: RunEventInput) => delivery.push({ time: new Date().toISOString(), ...event } as RunEvent);
  const sink: EventSink = { emit };

  const finished: TaskResult[] = [...(options.resume?.kept ?? [])];
  const resultsNow = (status: RunStatus): RunResults => {
    const endedAt = new Date();
    const tasks = [...finished].sort((a, b) => a.index - b.index);
    return {
      schemaVersion: 1,
      runId: options.runId,
      status,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs: earlierRunningMs + endedAt.getTime() - sessionStartedAt.getTime(),
      summary: { ...summarizeTasks(tasks), total },
      tasks,
    };
  };

  emit({
    type: 'run-start',
    runId: options.runId,
    runDir: store.runDir,
    total,
    concurrency: options.concurrency,
    resumed: options.resume !== undefined,
    configPath: options.configPath,
    startedAt: startedAt.toISOString(),
    ...(options.resume && { earlierRunningMs }),
  });
  for (const task of options.tasks) emit({ type: 'task-queued', taskId: task.id, index: task.index });

  const runOne = async (task: TaskDefinition) => {
    const result = await options.executor.execute(task, options.resume?.points.get(task.id), sink, options.signal);
    const done = finished.push(result);
    store.appendTaskResult(result);
    // Until the run ends, a crash would leave it interrupted, so that is what the file says.
    store.writeResultsSoon(() => resultsNow('interrupted'));
    emit({ type: 'task-end', taskId: task.id, result, done, total });
    return result;
  };
  await lastValueFrom(
    from(workspaceLanes(options.tasks, options.sharedDirs)).pipe(
      mergeMap((lane) => from(lane).pipe(concatMap((task) => defer(() => runOne(task)))), options.concurrency),
      toArray(),
    ),
    { defaultValue: [] },
  );

  const statusNow = (): RunStatus => {
    if (options.signal.aborted) return 'interrupted';
    const passed = finished.every((task) => task.status === 'completed') && reporters.failures.length === 0;
    return passed ? 'passed' : 'failed';
  };
  let results = resultsNow(statusNow());
  await store.writeResults(results);
  emit({ type: 'run-end', results });
  await delivery.idle();
  // A reporter that failed on the very end still fails the run; the file on disk says so.
  if (statusNow() !== results.status) {
    results = { ...results, status: statusNow() };
    await store.writeResults(results);
  }
  return { results, reporterFailures: reporters.failures };
}
