import { join } from 'node:path';
import { parseDuration } from '../config/duration.js';
import { InProcessExecutor } from '../executor/in-process-executor.js';
import { MemoryBudgetLedger } from '../executor/memory-budget-ledger.js';
import { Slots } from '../executor/slots.js';
import { ReporterHub } from '../pipeline/reporter-hub.js';
import { type BatchOutcome, runBatch } from '../pipeline/run-batch.js';
import { ensureOutDir } from '../store/ensure-out-dir.js';
import { createRunId } from '../store/run-id.js';
import { findRunDir, writeRunManifest } from '../store/run-manifest.js';
import { RunStore } from '../store/run-store.js';
import type { PreparedRun } from './prepare-run.js';
import { planResume, type ResumeMode, spentBefore } from './resume-plan.js';

export interface ExecuteRunOptions {
  signal: AbortSignal;
  /** Continue an earlier run instead of starting a new one; `run` is its id or folder (default: the latest of this config). */
  resume?: { mode: ResumeMode; run: string | undefined };
}

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
  const { run } = prepared.config;
  const executor = new InProcessExecutor({
    agents: prepared.agents,
    ...(prepared.variants && { variants: prepared.variants }),
    stages: prepared.stages,
    maxIterations: run.maxIterations,
    taskTimeoutMs: run.taskTimeout === undefined ? undefined : parseDuration(run.taskTimeout),
    sandbox: run.sandbox,
    shellEnv: prepared.secrets.shellEnv,
    masker: prepared.secrets.masker,
    ...(run.workspace !== 'inplace' && {
      workspaces: {
        mode: run.workspace,
        attempts: run.attempts,
        applyBack: run.applyBack,
        runId,
        runDir: store.runDir,
        slots: new Slots(run.concurrency),
      },
    }),
    budget: { run: run.budget, task: run.taskBudget },
    ledger: new MemoryBudgetLedger(plan ? spentBefore(plan) : []),
    store,
  });
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
  });
  return { ...outcome, runDir: store.runDir };
}
