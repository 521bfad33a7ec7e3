import { join } from 'node:path';
import { InProcessExecutor } from '../executor/in-process-executor.js';
import { MemoryBudgetLedger } from '../executor/memory-budget-ledger.js';
import { ReporterHub } from '../pipeline/reporter-hub.js';
import { type BatchOutcome, runBatch } from '../pipeline/run-batch.js';
import { ensureOutDir } from '../store/ensure-out-dir.js';
import { createRunId } from '../store/run-id.js';
import { findRunDir, writeRunManifest } from '../store/run-manifest.js';
import { RunStore } from '../store/run-store.js';
import { executorSettings } from './executor-settings.js';
import type { PreparedRun } from './prepare-run.js';
import { planResume, type ResumeMode, spentBefore } from './resume-plan.js';
import type { OpenedRun, RunBackend } from './run-backend.js';

export interface ExecuteRunOptions {
  signal: AbortSignal;
  /** Continue an earlier run instead of starting a new one; `run` is its id or folder (default: the latest of this config). */
  resume?: { mode: ResumeMode; run: string | undefined };
  /** Where the tasks run (a queue's workers); this process by default. */
  backend?: RunBackend;
}

const inProcess: RunBackend = {
  async open({ prepared, runId, runDir, store, spentBefore }: OpenedRun) {
    return new InProcessExecutor({
      ...executorSettings(prepared.config, prepared.secrets, { runId, runDir, slots: prepared.config.run.concurrency }),
      agents: prepared.agents,
      stages: prepared.stages,
      ledger: new MemoryBudgetLedger(spentBefore),
      store,
    });
  },
  async close() {},
};

/** Starts a prepared run (or continues one) and resolves when every task has ended. */
export async function executeRun(
  prepared: PreparedRun,
  options: ExecuteRunOptions,
): Promise<BatchOutcome & { runDir: string }> {
  ensureOutDir(prepared.outDir);
  const plan = options.resume
    ? planResume(
        findRunDir(prepared.outDir, prepared.loaded.path, options.resume.run),
        prepared.tasks,
        options.resume.mode,
      )
    : undefined;
  const runId = plan?.runId ?? createRunId();
  const store = new RunStore(plan?.runDir ?? join(prepared.outDir, runId), prepared.secrets.masker);
  if (!plan)
    writeRunManifest(store.runDir, { runId, configPath: prepared.loaded.path, startedAt: new Date().toISOString() });
  const backend = options.backend ?? inProcess;
  const executor = await backend.open({
    prepared,
    runId,
    runDir: store.runDir,
    store,
    spentBefore: plan ? spentBefore(plan) : [],
    signal: options.signal,
  });
  const { run } = prepared.config;
  const outcome = await runBatch({
    runId,
    configPath: prepared.loaded.path,
    tasks: plan?.toRun ?? prepared.tasks,
    ...(plan && {
      resume: { startedAt: plan.startedAt, runningMs: plan.runningMs, kept: plan.kept, points: plan.points },
    }),
    concurrency: run.concurrency,
    // Tasks with workspaces of their own never share a folder's files.
    sharedDirs: run.workspace === 'inplace' ? run.sharedDirs : 'parallel',
    executor,
    store,
    reporters: new ReporterHub(prepared.reporters, prepared.secrets.masker),
    signal: options.signal,
  }).finally(() => backend.close());
  return { ...outcome, runDir: store.runDir };
}
