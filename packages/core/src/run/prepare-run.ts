import { resolve } from 'node:path';
import { coderSystemPrompt, evaluatorSystemPrompt } from '../agent/prompts.js';
import { recordingModel } from '../cassette/recording-model.js';
import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { AgentbatchConfig, ProviderConfig } from '../config/schema.js';
import { createReporter } from '../loader/create-reporter.js';
import { type BuiltinPlugin, loadPlugin, type PluginDefinition } from '../loader/load-plugin.js';
import { normalizeEntries } from '../loader/plugin-entries.js';
import type { AgentBinding } from '../pipeline/agent-binding.js';
import type { NamedReporter } from '../pipeline/reporter-hub.js';
import { builtinStages } from '../pipeline/stages/builtin-stages.js';
import type { LanguageModel, ProviderFactory } from '../plugin/language-model.js';
import type { ReporterContext, ReporterFactory } from '../plugin/reporter.js';
import type { Role } from '../plugin/run-results.js';
import type { Stage, StageFactory } from '../plugin/stage.js';
import { onPath } from '../process/on-path.js';
import { ProviderClient } from '../provider/model-client.js';
import { providerSettingHint } from '../provider/provider-setting-hint.js';
import { type RunSecrets, runSecrets } from '../secrets/run-secrets.js';
import type { SecretMasker } from '../secrets/secret-masker.js';
import { loadTaskFile, parseTaskEntry, resolveTasks } from '../tasks/load-tasks.js';
import type { TaskDefinition } from '../tasks/task-definition.js';
import { coderTools, evaluatorTools } from '../tools/index.js';

export interface RunOverrides {
  concurrency?: number;
  maxIterations?: number;
  outDir?: string;
  /** Run only these task ids. */
  only?: string[];
  /** Replace the config's reporters. */
  reporters?: string[];
}

export interface Builtins {
  providers: Record<string, BuiltinPlugin<ProviderFactory>>;
  reporters: Record<string, BuiltinPlugin<ReporterFactory>>;
}

export interface PreparedRun {
  loaded: LoadedConfig;
  config: AgentbatchConfig;
  tasks: TaskDefinition[];
  agents: { coder: AgentBinding; evaluator: AgentBinding };
  stages: Stage[];
  reporters: NamedReporter[];
  /** The keys to mask in everything written, and the scrubbed environment of the agents' commands. */
  secrets: RunSecrets;
  /** Absolute. */
  outDir: string;
}

/**
 * Turns a validated config into everything a run needs — tasks, providers, agents, stages and
 * reporters — loading plugins and checking their options, so that every config mistake is found
 * before the first model call.
 */
export async function prepareRun(
  loaded: LoadedConfig,
  builtins: Builtins,
  overrides: RunOverrides,
  reporterContext: Omit<ReporterContext, 'configDir'>,
): Promise<PreparedRun> {
  const config = applyOverrides(loaded.config, overrides);
  if (config.run.sandbox.type === 'bwrap' && !onPath('bwrap')) {
    throw new ConfigError(
      'run.sandbox: bwrap needs bubblewrap, which is not installed; install it (apt-get install bubblewrap) or use sandbox: none',
      loaded.locate(['run', 'sandbox']),
    );
  }
  if (config.run.workspace !== 'inplace' && !onPath('git')) {
    throw new ConfigError(
      `run.workspace: ${config.run.workspace} needs git, which is not installed; install it (apt-get install git) or use workspace: inplace`,
      loaded.locate(['run', 'workspace']),
    );
  }
  const tasks = selectTasks(loadTasks(loaded, config), overrides.only, loaded.path);
  const secrets = runSecrets(config);
  const agents = await createAgents(loaded, config, builtins.providers, secrets.masker);
  const stages = await Promise.all(
    normalizeEntries(config.pipeline, ['pipeline']).map(async (entry) => {
      const { factory, options } = await loadPlugin<StageFactory<unknown>>({
        kind: 'stage',
        name: entry.name,
        options: entry.options,
        builtins: builtinStages as Record<string, PluginDefinition<StageFactory<unknown>>>,
        configDir: loaded.dir,
        yamlPath: entry.yamlPath,
        locate: loaded.locate,
      });
      return factory(options, { configDir: loaded.dir });
    }),
  );
  const reporterEntries = overrides.reporters?.length
    ? overrides.reporters.map((name) => ({ name, options: {}, yamlPath: ['reporters'] as PropertyKey[] }))
    : normalizeEntries(config.reporters, ['reporters']);
  const reporters = await Promise.all(
    reporterEntries.map((entry) =>
      createReporter(entry, {
        builtins: builtins.reporters,
        context: { ...reporterContext, configDir: loaded.dir },
        locate: loaded.locate,
      }),
    ),
  );
  return { loaded, config, tasks, agents, stages, reporters, secrets, outDir: resolve(loaded.dir, config.run.outDir) };
}

/**
 * A provider plugin gets only its own options: the keys core acts on for every provider (limits,
 * retries, pricing, recording) stay with core, so a plugin's schema can be strict.
 */
function pluginOptionsOf(provider: ProviderConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(provider).filter(([key]) => !engineProviderKeys.has(key)));
}

const engineProviderKeys = new Set(['maxConcurrency', 'rpm', 'tpm', 'timeout', 'maxRetries', 'pricing', 'record']);

function applyOverrides(config: AgentbatchConfig, overrides: RunOverrides): AgentbatchConfig {
  return {
    ...config,
    run: {
      ...config.run,
      ...(overrides.concurrency !== undefined && { concurrency: overrides.concurrency }),
      ...(overrides.maxIterations !== undefined && { maxIterations: overrides.maxIterations }),
      ...(overrides.outDir !== undefined && { outDir: resolve(overrides.outDir) }),
    },
  };
}

function loadTasks(loaded: LoadedConfig, config: AgentbatchConfig): TaskDefinition[] {
  if (typeof config.tasks === 'string') return loadTaskFile(resolve(loaded.dir, config.tasks));
  const entries = config.tasks.map((entry, index) => parseTaskEntry(entry, ['tasks', index], loaded.locate));
  return resolveTasks(entries, loaded.dir, (path) => loaded.locate(['tasks', ...path]));
}

function selectTasks(tasks: TaskDefinition[], only: string[] | undefined, file: string): TaskDefinition[] {
  if (tasks.length === 0) throw new ConfigError('the task list is empty; add at least one task', { file });
  if (!only?.length) return tasks;
  const unknown = only.filter((id) => !tasks.some((task) => task.id === id));
  if (unknown.length) {
    throw new ConfigError(
      `--only names unknown task id(s) ${unknown.join(', ')}; the ids are: ${tasks.map((task) => task.id).join(', ')}`,
    );
  }
  return tasks.filter((task) => only.includes(task.id));
}

async function createAgents(
  loaded: LoadedConfig,
  config: AgentbatchConfig,
  builtinProviders: Builtins['providers'],
  masker: SecretMasker,
): Promise<{ coder: AgentBinding; evaluator: AgentBinding }> {
  const clients = new Map<string, ProviderClient>();
  const models = new Map<string, LanguageModel>();
  const bind = async (role: Role): Promise<AgentBinding> => {
    const agent = config.agents[role];
    const providerName = agent.provider;
    const provider = config.providers[providerName];
    if (!provider)
      throw new ConfigError(`unknown provider ${providerName}`, loaded.locate(['agents', role, 'provider']));
    const modelId = agent.model ?? provider.model ?? '';
    let client = clients.get(providerName);
    if (!client) {
      client = new ProviderClient(providerName, {
        maxConcurrency: provider.maxConcurrency,
        rpm: provider.rpm,
        tpm: provider.tpm,
        timeoutMs: provider.timeout,
        maxRetries: provider.maxRetries,
        apiKeyHint: providerSettingHint(loaded.path, providerName, 'apiKey'),
        baseURLHint: providerSettingHint(loaded.path, providerName, 'baseURL'),
      });
      clients.set(providerName, client);
    }
    const modelKey = `${providerName}\n${modelId}`;
    let model = models.get(modelKey);
    if (!model) {
      const { factory, options } = await loadPlugin<ProviderFactory>({
        kind: 'provider',
        name: provider.type,
        options: { ...pluginOptionsOf(provider), model: modelId },
        builtins: builtinProviders,
        configDir: loaded.dir,
        yamlPath: ['providers', providerName],
        locate: loaded.locate,
      });
      model = await factory(options as Parameters<ProviderFactory>[0], { name: providerName, configDir: loaded.dir });
      if (provider.record) model = recordingModel(model, resolve(loaded.dir, provider.record), masker);
      models.set(modelKey, model);
    }
    const settings = {
      system: agent.systemPrompt ?? (role === 'coder' ? coderSystemPrompt : evaluatorSystemPrompt),
      maxTurns: agent.maxTurns,
      ...(agent.maxOutputTokens !== undefined && { maxOutputTokens: agent.maxOutputTokens }),
      ...(agent.maxContextTokens !== undefined && { maxContextTokens: agent.maxContextTokens }),
      ...(agent.temperature !== undefined && { temperature: agent.temperature }),
    };
    const tools = role === 'coder' ? coderTools : evaluatorTools({ allowShell: config.agents.evaluator.allowShell });
    return { role, client, model, pricing: provider.pricing, settings, tools };
  };
  return { coder: await bind('coder'), evaluator: await bind('evaluator') };
}
