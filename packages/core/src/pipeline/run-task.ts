import type { AgentEnvironment } from '../agent/agent-role.js';
import { CoderAgent } from '../agent/coder-agent.js';
import { EvaluatorAgent } from '../agent/evaluator-agent.js';
import { continuePrompt } from '../agent/prompts.js';
import { usageOfCall } from '../model/usage.js';
import type { TaskResult, TaskStatus, Verdict } from '../plugin/run-results.js';
import type { CoderTurn, Stage, StageAgents, StageReport } from '../plugin/stage.js';
import type { RunStore } from '../store/run-store.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { createWorkspace } from '../tools/workspace.js';
import type { AgentBinding } from './agent-binding.js';
import type { Emit } from './emit.js';
import { type BudgetLimits, budgetExhausted } from './run-budget.js';
import { classifyTaskFailure } from './task-error.js';
import { UsageMeter } from './usage-meter.js';

export interface TaskRunOptions {
  agents: { coder: AgentBinding; evaluator: AgentBinding };
  stages: Stage[];
  maxIterations: number;
  taskTimeoutMs: number | undefined;
  budget: { run: BudgetLimits | undefined; task: BudgetLimits | undefined };
  runMeter: UsageMeter;
  store: RunStore;
  emit: Emit;
  /** The run's signal: aborted on Ctrl-C. */
  signal: AbortSignal;
}

/**
 * One task from start to result: iterate the stages until a verdict other than `continue`, the
 * iteration limit, the budget or the time limit. Never throws: every ending is a `TaskResult`.
 */
export async function runTask(task: TaskDefinition, options: TaskRunOptions): Promise<TaskResult> {
  const started = Date.now();
  const meter = new UsageMeter(options.runMeter);
  let iterations = 0;
  let verdict: Verdict | null = null;
  const finish = (status: TaskStatus, error: TaskResult['error'] = null): TaskResult => ({
    id: task.id,
    index: task.index,
    dir: task.dir,
    prompt: task.prompt,
    status,
    iterations,
    durationMs: Date.now() - started,
    usage: meter.usage,
    usageByRole: meter.usageByRole,
    costUsd: meter.costUsd,
    verdict,
    error,
  });

  if (options.signal.aborted)
    return finish('cancelled', { code: 'cancelled', message: 'the run was interrupted before this task started' });
  const runBudget = budgetExhausted(options.runMeter, options.budget.run, 'run');
  if (runBudget) return finish('incomplete', { code: 'budget', message: `not started: ${runBudget}` });

  const timeoutSignal = options.taskTimeoutMs === undefined ? undefined : AbortSignal.timeout(options.taskTimeoutMs);
  const signal = timeoutSignal ? AbortSignal.any([options.signal, timeoutSignal]) : options.signal;
  options.emit({ type: 'task-start', taskId: task.id, index: task.index, dir: task.dir, prompt: task.prompt });

  try {
    const workspace = await createWorkspace(task.dir);
    const environment = (binding: AgentBinding): AgentEnvironment => ({
      callModel: async (request) => {
        const callStarted = Date.now();
        const response = await binding.client.generate(binding.model, request, {
          onRetry: (notice) =>
            options.emit({
              type: 'model-retry',
              taskId: task.id,
              iteration: iterations,
              role: binding.role,
              provider: binding.client.name,
              ...notice,
            }),
        });
        const usage = usageOfCall(response.usage);
        const costUsd = meter.record(binding.role, usage, binding.pricing);
        options.emit({
          type: 'model-call-end',
          taskId: task.id,
          iteration: iterations,
          role: binding.role,
          provider: binding.client.name,
          model: binding.model.modelId,
          usage,
          costUsd,
          durationMs: Date.now() - callStarted,
          finishReason: response.finishReason,
        });
        options.store.appendTranscript(task.id, {
          time: new Date().toISOString(),
          iteration: iterations,
          role: binding.role,
          type: 'usage',
          usage,
        });
        return response;
      },
      onMessage: (message) =>
        options.store.appendTranscript(task.id, {
          time: new Date().toISOString(),
          iteration: iterations,
          role: binding.role,
          type: 'message',
          message,
        }),
      onToolCall: (call, output, durationMs) =>
        options.emit({
          type: 'tool-call-end',
          taskId: task.id,
          iteration: iterations,
          role: binding.role,
          tool: call.name,
          summary: output.summary,
          isError: output.isError === true,
          durationMs,
        }),
    });
    const { coder: coderBinding, evaluator: evaluatorBinding } = options.agents;
    const coder = new CoderAgent(coderBinding.settings, coderBinding.tools, workspace, environment(coderBinding));
    const evaluator = new EvaluatorAgent(
      evaluatorBinding.settings,
      evaluatorBinding.tools,
      workspace,
      environment(evaluatorBinding),
    );

    let instruction = task.prompt;
    while (iterations < options.maxIterations) {
      const exhausted =
        budgetExhausted(options.runMeter, options.budget.run, 'run') ??
        budgetExhausted(meter, options.budget.task, 'task');
      if (exhausted) return finish('incomplete', { code: 'budget', message: `stopped: ${exhausted}` });
      iterations++;
      options.emit({ type: 'iteration-start', taskId: task.id, iteration: iterations });
      const reports: StageReport[] = [];
      let coderTurn: CoderTurn | undefined;
      let iterationVerdict: Verdict | undefined;
      const agents: StageAgents = {
        runCoder: async () => {
          coderTurn = await coder.runTurn(instruction, signal);
          instruction = 'Continue.';
          return coderTurn;
        },
        runEvaluator: () =>
          evaluator.evaluate(
            {
              taskPrompt: task.prompt,
              iteration: iterations,
              coderReply: coderTurn?.reply,
              coderToolCalls: coderTurn?.toolCalls ?? [],
              reports,
            },
            signal,
          ),
      };
      for (const stage of options.stages) {
        const stageStarted = Date.now();
        const result = await stage.run({
          task: { id: task.id, index: task.index, dir: task.dir, prompt: task.prompt },
          iteration: iterations,
          signal,
          agents,
          reports,
          report: (report) => reports.push(report),
        });
        options.emit({
          type: 'stage-end',
          taskId: task.id,
          iteration: iterations,
          stage: stage.name,
          durationMs: Date.now() - stageStarted,
        });
        if (result?.verdict) {
          iterationVerdict = result.verdict;
          options.emit({
            type: 'verdict',
            taskId: task.id,
            iteration: iterations,
            role: 'evaluator',
            verdict: result.verdict,
          });
          if (result.verdict.status !== 'continue') break;
        }
      }
      options.emit({ type: 'iteration-end', taskId: task.id, iteration: iterations });
      if (iterationVerdict) verdict = iterationVerdict;
      if (iterationVerdict?.status === 'completed') return finish('completed');
      if (iterationVerdict?.status === 'failed') return finish('failed');
      instruction = iterationVerdict?.nextPrompt ?? continuePrompt(iterationVerdict?.summary ?? 'no verdict was given');
    }
    return finish('incomplete', {
      code: 'max-iterations',
      message: `not accepted after ${options.maxIterations} iterations`,
    });
  } catch (error) {
    const failure = classifyTaskFailure(error, { run: options.signal, timeout: timeoutSignal }, options.taskTimeoutMs);
    return finish(failure.status, failure.error);
  }
}
