import { parseDuration } from '../config/duration.js';
import type { AgentbatchConfig } from '../config/schema.js';
import type { InProcessExecutorOptions } from '../executor/in-process-executor.js';

/** The settings of `run:` that shape how each task is executed. */
export function executorSettings(
  config: AgentbatchConfig,
): Pick<InProcessExecutorOptions, 'maxIterations' | 'taskTimeoutMs' | 'sandbox' | 'budget'> {
  const { run } = config;
  return {
    maxIterations: run.maxIterations,
    taskTimeoutMs: run.taskTimeout === undefined ? undefined : parseDuration(run.taskTimeout),
    sandbox: run.sandbox,
    budget: { run: run.budget, task: run.taskBudget },
  };
}
