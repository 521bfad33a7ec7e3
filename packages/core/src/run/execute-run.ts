import { join } from 'node:path';
import { parseDuration } from '../config/duration.js';
import { ReporterHub } from '../pipeline/reporter-hub.js';
import { type BatchOutcome, runBatch } from '../pipeline/run-batch.js';
import { createRunId } from '../store/run-id.js';
import { RunStore } from '../store/run-store.js';
import type { PreparedRun } from './prepare-run.js';

export interface ExecuteRunOptions {
  signal: AbortSignal;
  runId?: string;
}

/** Starts a prepared run in a new run directory and resolves when every task has ended. */
export async function executeRun(
  prepared: PreparedRun,
  options: ExecuteRunOptions,
): Promise<BatchOutcome & { runDir: string }> {
  const runId = options.runId ?? createRunId();
  const store = new RunStore(join(prepared.outDir, runId));
  const { run } = prepared.config;
  const outcome = await runBatch({
    runId,
    configPath: prepared.loaded.path,
    tasks: prepared.tasks,
    concurrency: run.concurrency,
    maxIterations: run.maxIterations,
    taskTimeoutMs: run.taskTimeout === undefined ? undefined : parseDuration(run.taskTimeout),
    budget: { run: run.budget, task: undefined },
    agents: prepared.agents,
    stages: prepared.stages,
    store,
    reporters: new ReporterHub(prepared.reporters),
    signal: options.signal,
  });
  return { ...outcome, runDir: store.runDir };
}
