import type { AgentPair } from '../pipeline/agent-binding.js';
import type { BudgetLimits } from '../pipeline/run-budget.js';
import { runTask } from '../pipeline/run-task.js';
import type { BudgetLedger } from '../plugin/budget-ledger.js';
import type { EventSink } from '../plugin/event-sink.js';
import type { TaskResult } from '../plugin/run-results.js';
import type { Stage } from '../plugin/stage.js';
import type { TaskExecutor, TaskResumePoint } from '../plugin/task-executor.js';
import type { TaskStore } from '../plugin/task-store.js';
import type { CommandSandbox } from '../process/command-sandbox.js';
import type { SecretMasker } from '../secrets/secret-masker.js';
import { gitDiffBase } from '../store/git-diff.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { createWorkspace } from '../tools/workspace.js';
import { runInWorkspaces, type WorkspacePlan } from './run-in-workspaces.js';
import { saveDiff } from './save-diff.js';

export interface InProcessExecutorOptions {
  agents: AgentPair;
  /** The `matrix:` variants' agents by name: a task with a `variant` runs with its variant's. */
  variants?: ReadonlyMap<string, AgentPair>;
  stages: Stage[];
  maxIterations: number;
  taskTimeoutMs: number | undefined;
  /** How the agents' shell commands (`run_shell`, `verify`, plugin stages) are confined. */
  sandbox: CommandSandbox;
  /** The environment of those commands, scrubbed of secrets (see `runSecrets`); default: this process's. */
  shellEnv?: NodeJS.ProcessEnv;
  /** Masks the run's keys in what the models get back from tools. */
  masker?: SecretMasker;
  /** Workspaces of their own for the tasks (`run.workspace: copy | worktree`); absent: tasks work in their folders. */
  workspaces?: WorkspacePlan;
  budget: { run: BudgetLimits | undefined; task: BudgetLimits | undefined };
  /** The run's spending, shared by every task (and, with a queue, every worker). */
  ledger: BudgetLedger;
  store: TaskStore;
}

/**
 * Runs a task in this process: prepare its workspace, iterate the stages until a verdict or a
 * limit, then finalize (keep the change as `diff.patch`). A local run uses it directly; a queue
 * worker uses it for every job it takes.
 */
export class InProcessExecutor implements TaskExecutor {
  constructor(private readonly options: InProcessExecutorOptions) {}

  async execute(
    task: TaskDefinition,
    resume: TaskResumePoint | undefined,
    sink: EventSink,
    signal: AbortSignal,
  ): Promise<TaskResult> {
    const { sandbox, shellEnv, masker, workspaces, variants, ...common } = this.options;
    const options = { ...common, agents: agentsOf(task, common.agents, variants) };
    const workspace = { sandbox, ...(shellEnv && { env: shellEnv }), ...(masker && { masker }) };
    if (workspaces) return runInWorkspaces(task, resume, { ...options, workspace, sink, signal }, workspaces);
    // Where the folder started, kept in the checkpoints so that a resumed task's patch starts there too.
    const diffBase = resume?.checkpoint?.diffBase ?? (await gitDiffBase(task.dir).catch(() => undefined));
    const store = diffBase === undefined ? options.store : withDiffBase(options.store, diffBase);
    const result = await runTask(
      task,
      { ...options, store, openWorkspace: () => createWorkspace(task.dir, workspace), sink, signal },
      resume,
    );
    if (result.status !== 'cancelled' || result.iterations > 0) await saveDiff(options.store, task, diffBase);
    return result;
  }
}

/** The task's store, writing `diffBase` into every checkpoint. */
function withDiffBase(store: TaskStore, diffBase: string): TaskStore {
  return {
    appendTranscript: (taskId, entry) => store.appendTranscript(taskId, entry),
    writeCheckpoint: (checkpoint) => store.writeCheckpoint({ ...checkpoint, diffBase }),
    writeDiff: (taskId, patch) => store.writeDiff(taskId, patch),
  };
}

function agentsOf(
  task: TaskDefinition,
  agents: AgentPair,
  variants: ReadonlyMap<string, AgentPair> | undefined,
): AgentPair {
  if (task.variant === undefined) return agents;
  const variant = variants?.get(task.variant);
  // A task of a variant must never quietly run with another set-up's models.
  if (!variant)
    throw new Error(`task ${task.id} is of the matrix variant "${task.variant}", which this run does not have`);
  return variant;
}
