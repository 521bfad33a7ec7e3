import { CoderAgent } from '../agent/coder-agent.js';
import { EvaluatorAgent } from '../agent/evaluator-agent.js';
import { lastReply } from '../agent/last-reply.js';
import { continuePrompt } from '../agent/prompts.js';
import type { ChatMessage } from '../model/message.js';
import type { BudgetLedger } from '../plugin/budget-ledger.js';
import type { EventSink } from '../plugin/event-sink.js';
import type { TaskResult, TaskStatus, Verdict } from '../plugin/run-results.js';
import type { CoderTurn, Stage, StageAgents, StageReport, StageTask, StageWorkspace } from '../plugin/stage.js';
import type { TaskResumePoint } from '../plugin/task-executor.js';
import type { TaskStore } from '../plugin/task-store.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import type { Workspace } from '../tools/workspace.js';
import type { AgentBinding } from './agent-binding.js';
import { agentEnvironment } from './agent-environment.js';
import { type BudgetLimits, budgetExhausted } from './run-budget.js';
import { runStageHook, runTaskHooks } from './stage-hooks.js';
import { classifyTaskFailure } from './task-error.js';
import { taskResultOf } from './task-result-of.js';
import { UsageMeter } from './usage-meter.js';

export interface TaskRunOptions {
  agents: { coder: AgentBinding; evaluator: AgentBinding };
  stages: Stage[];
  maxIterations: number;
  taskTimeoutMs: number | undefined;
  /** Prepares the folder the agents work in; a failure is the task's error. */
  openWorkspace(): Promise<Workspace>;
  budget: { run: BudgetLimits | undefined; task: BudgetLimits | undefined };
  /** The run's spending, for the run budget; every model call is charged to it. */
  ledger: BudgetLedger;
  store: TaskStore;
  sink: EventSink;
  /** The run's signal: aborted on Ctrl-C. */
  signal: AbortSignal;
}

/**
 * One task from start to result: iterate the stages until a verdict other than `continue`, the
 * iteration limit, the budget or the time limit. A checkpoint is saved after every iteration so
 * an interrupted task can continue. Never throws: every ending is a `TaskResult`.
 */
export async function runTask(
  task: TaskDefinition,
  options: TaskRunOptions,
  resume?: TaskResumePoint,
): Promise<TaskResult> {
  const checkpoint = resume?.checkpoint;
  const started = Date.now() - (checkpoint?.elapsedMs ?? 0);
  const meter = new UsageMeter();
  if (resume?.prior) meter.restore(resume.prior);
  let iterations = checkpoint?.iterations ?? 0;
  let verdict: Verdict | null = checkpoint?.verdict ?? null;
  /** The coder's conversation, from the checkpoint until the coder takes it over. */
  let coderConversation: readonly ChatMessage[] = checkpoint?.coder ?? [];
  const finish = (status: TaskStatus, error: TaskResult['error'] = null): TaskResult =>
    taskResultOf(task, {
      status,
      iterations,
      durationMs: Date.now() - started,
      usage: meter.usage,
      usageByRole: meter.usageByRole,
      costUsd: meter.costUsd,
      verdict,
      error,
      lastResponse: lastReply(coderConversation),
    });

  if (options.signal.aborted)
    return finish('cancelled', { code: 'cancelled', message: 'the run was interrupted before this task started' });
  const runBudget = budgetExhausted(await options.ledger.spent(), options.budget.run, 'run');
  if (runBudget) return finish('incomplete', { code: 'budget', message: `not started: ${runBudget}` });

  const timeoutSignal = options.taskTimeoutMs === undefined ? undefined : AbortSignal.timeout(options.taskTimeoutMs);
  // A signal of the task's own even without a time limit: its calls and commands listen to it,
  // and many tasks' listeners on the one run signal would look like a leak.
  const signal = AbortSignal.any(timeoutSignal ? [options.signal, timeoutSignal] : [options.signal]);
  options.sink.emit({
    type: 'task-start',
    taskId: task.id,
    index: task.index,
    dir: task.dir,
    prompt: task.prompt,
    ...(task.variant !== undefined && { variant: task.variant }),
  });

  try {
    const workspace = await options.openWorkspace();
    const context = {
      taskId: task.id,
      iteration: () => iterations,
      meter,
      ledger: options.ledger,
      store: options.store,
      sink: options.sink,
    };
    const { coder: coderBinding, evaluator: evaluatorBinding } = options.agents;
    const coder = new CoderAgent(
      coderBinding.settings,
      coderBinding.tools,
      workspace,
      agentEnvironment(coderBinding, context),
      checkpoint?.coder,
    );
    coderConversation = coder.conversation;
    const evaluator = new EvaluatorAgent(
      evaluatorBinding.settings,
      evaluatorBinding.tools,
      workspace,
      agentEnvironment(evaluatorBinding, context),
      checkpoint?.evaluator,
    );

    // Stages work where the agents do: the task's folder, or its copy or worktree.
    const stageTask: StageTask = { id: task.id, index: task.index, dir: workspace.root, prompt: task.prompt };
    const hookContext = { task: stageTask, workspace, signal };
    const hookScope = () => ({ taskId: task.id, iteration: iterations, emit: options.sink.emit.bind(options.sink) });
    await runTaskHooks('task-start', options.stages, hookContext, hookScope());
    /** The task-end hooks run once the iterations are over, and their time belongs to the task. */
    const ended = async (result: TaskResult): Promise<TaskResult> => {
      await runTaskHooks('task-end', options.stages, hookContext, hookScope());
      return { ...result, durationMs: Date.now() - started };
    };

    let instruction = checkpoint?.instruction ?? task.prompt;
    while (iterations < options.maxIterations) {
      const exhausted =
        budgetExhausted(await options.ledger.spent(), options.budget.run, 'run') ??
        budgetExhausted(meter.spent, options.budget.task, 'task');
      if (exhausted) return ended(finish('incomplete', { code: 'budget', message: `stopped: ${exhausted}` }));
      iterations++;
      options.sink.emit({ type: 'iteration-start', taskId: task.id, iteration: iterations });
      const iterationVerdict = await runIteration(
        { task: stageTask, workspace, iteration: iterations, instruction, signal },
        options,
        { coder, evaluator },
      );
      options.sink.emit({ type: 'iteration-end', taskId: task.id, iteration: iterations });
      if (iterationVerdict) verdict = iterationVerdict;
      if (iterationVerdict?.status === 'completed') return ended(finish('completed'));
      if (iterationVerdict?.status === 'failed') return ended(finish('failed'));
      instruction = iterationVerdict?.nextPrompt ?? continuePrompt(iterationVerdict?.summary ?? 'no verdict was given');
      await options.store.writeCheckpoint({
        checkpointVersion: 1,
        taskId: task.id,
        iterations,
        instruction,
        verdict,
        elapsedMs: Date.now() - started,
        coder: coder.conversation,
        evaluator: evaluator.conversation,
      });
    }
    return ended(
      finish('incomplete', {
        code: 'max-iterations',
        message: `not accepted after ${options.maxIterations} iterations`,
      }),
    );
  } catch (error) {
    const failure = classifyTaskFailure(error, { run: options.signal, timeout: timeoutSignal }, options.taskTimeoutMs);
    return finish(failure.status, failure.error);
  }
}

interface IterationScope {
  task: StageTask;
  workspace: StageWorkspace;
  iteration: number;
  /** The coder's instruction: the task prompt first, then the evaluator's next prompt. */
  instruction: string;
  signal: AbortSignal;
}

/** Runs the stages of one iteration in order; returns the verdict a stage gave, if any. */
async function runIteration(
  scope: IterationScope,
  options: TaskRunOptions,
  agents: { coder: CoderAgent; evaluator: EvaluatorAgent },
): Promise<Verdict | undefined> {
  const { task, iteration, signal } = scope;
  const reports: StageReport[] = [];
  let coderTurn: CoderTurn | undefined;
  let nextInstruction = scope.instruction;
  const stageAgents: StageAgents = {
    runCoder: async () => {
      coderTurn = await agents.coder.runTurn(nextInstruction, signal);
      nextInstruction = 'Continue.';
      return coderTurn;
    },
    runEvaluator: () =>
      agents.evaluator.evaluate(
        {
          taskPrompt: task.prompt,
          iteration,
          coderReply: coderTurn?.reply,
          coderToolCalls: coderTurn?.toolCalls ?? [],
          reports,
        },
        signal,
      ),
  };
  let verdict: Verdict | undefined;
  const emit = options.sink.emit.bind(options.sink);
  for (const stage of options.stages) {
    const run = stage.run;
    if (!run) continue;
    const result = await runStageHook(stage, { taskId: task.id, iteration, emit }, (emitNote) =>
      run.call(stage, {
        task,
        workspace: scope.workspace,
        iteration,
        signal,
        agents: stageAgents,
        reports,
        report: (report) => reports.push(report),
        emit: emitNote,
      }),
    );
    if (result?.verdict) {
      verdict = result.verdict;
      options.sink.emit({ type: 'verdict', taskId: task.id, iteration, role: 'evaluator', verdict: result.verdict });
      if (result.verdict.status !== 'continue') break;
    }
  }
  return verdict;
}
