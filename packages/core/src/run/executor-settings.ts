import { parseDuration } from '../config/duration.js';
import type { AgentbatchConfig } from '../config/schema.js';
import type { InProcessExecutorOptions } from '../executor/in-process-executor.js';
import { Slots } from '../executor/slots.js';
import type { RunSecrets } from '../secrets/run-secrets.js';

/**
 * The settings of `run:` that shape how each task is executed, with the secrets of the process
 * that executes it (a queue worker masks and scrubs its own keys, not the producer's).
 * `slots` bounds the attempts running side by side in this process.
 */
export function executorSettings(
  config: AgentbatchConfig,
  secrets: RunSecrets,
  run: { runId: string; runDir: string; slots: number },
): Pick<
  InProcessExecutorOptions,
  'maxIterations' | 'taskTimeoutMs' | 'sandbox' | 'budget' | 'shellEnv' | 'masker' | 'workspaces'
> {
  const settings = config.run;
  return {
    maxIterations: settings.maxIterations,
    taskTimeoutMs: settings.taskTimeout === undefined ? undefined : parseDuration(settings.taskTimeout),
    sandbox: settings.sandbox,
    budget: { run: settings.budget, task: settings.taskBudget },
    shellEnv: secrets.shellEnv,
    masker: secrets.masker,
    ...(settings.workspace !== 'inplace' && {
      workspaces: {
        mode: settings.workspace,
        attempts: settings.attempts,
        applyBack: settings.applyBack,
        runId: run.runId,
        runDir: run.runDir,
        slots: new Slots(run.slots),
      },
    }),
  };
}
