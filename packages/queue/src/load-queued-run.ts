import {
  type BuiltinPlugin,
  createAgents,
  createStages,
  executorSettings,
  type InProcessExecutorOptions,
  loadConfigText,
  type ProviderFactory,
  runSecrets,
  seedConfig,
} from '@agentbatch/core';
import type { Redis } from 'ioredis';
import { RedisBudgetLedger } from './redis-budget-ledger.js';
import { RedisProviderLimiter } from './redis-provider-limiter.js';
import type { RunKeys } from './run-keys.js';
import type { RunSpec } from './run-spec.js';

/** A producer's run as one worker serves it: its agents share limits and budget with every other worker. */
export interface QueuedRun {
  settings: Omit<InProcessExecutorOptions, 'store'>;
  ledger: RedisBudgetLedger;
}

export type ProviderBuiltins = Record<string, BuiltinPlugin<ProviderFactory>>;

/**
 * Builds a run from its spec: the config text is expanded with this worker's environment (its
 * own keys), its plugins are loaded relative to the config's folder (which workers see at the same
 * path), and each provider is limited in Redis for all workers together.
 */
export async function loadQueuedRun(
  spec: RunSpec,
  redis: Redis,
  keys: RunKeys,
  providers: ProviderBuiltins,
  env: NodeJS.ProcessEnv,
  concurrency: number,
): Promise<QueuedRun> {
  const loaded =
    spec.configText === undefined
      ? seedConfig(spec.configPath, { ...env })
      : loadConfigText(spec.configText, spec.configPath, { ...env });
  const config =
    spec.maxIterations === undefined
      ? loaded.config
      : { ...loaded.config, run: { ...loaded.config.run, maxIterations: spec.maxIterations } };
  // This worker's keys: masked in what it writes, kept out of its agents' commands.
  const secrets = runSecrets(config, env);
  const agents = await createAgents(
    loaded,
    config,
    providers,
    secrets.masker,
    (provider, limits) =>
      new RedisProviderLimiter(redis, { state: keys.limiter(provider), slots: keys.slots(provider) }, limits),
  );
  const stages = await createStages(loaded, config);
  const ledger = new RedisBudgetLedger(redis, keys);
  const settings = executorSettings(config, secrets, { runId: spec.runId, runDir: spec.runDir, slots: concurrency });
  return { settings: { ...settings, agents, stages, ledger }, ledger };
}
