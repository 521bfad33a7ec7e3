import { resolve } from 'node:path';
import { coderSystemPrompt, evaluatorSystemPrompt } from '../agent/prompts.js';
import { recordingModel } from '../cassette/recording-model.js';
import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { AgentbatchConfig, ProviderConfig } from '../config/schema.js';
import { variantAgents } from '../config/variant-agents.js';
import { createReporter } from '../loader/create-reporter.js';
import { type BuiltinPlugin, loadPlugin, type PluginDefinition } from '../loader/load-plugin.js';
import { normalizeEntries } from '../loader/plugin-entries.js';
import type { AgentBinding, AgentPair } from '../pipeline/agent-binding.js';
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
import { matrixTasks, withMatrixWorkspace } from './matrix-tasks.js';

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
  agents: AgentPair;
  /** The `matrix:` variants' agents by variant name, in the matrix's order; absent without a matrix. */
  variants?: ReadonlyMap<string, AgentPair>;
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
  const config = withMatrixWorkspace(applyOverrides(loaded.config, overrides));
  if (config.matrix && config.run.applyBack) {
    throw new ConfigError(
      "run.applyBack with matrix: would apply every variant's change to the one original folder; remove applyBack and pick a variant's diff.patch by hand",
      loaded.locate(['run', 'applyBack']),
    );
  }
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
  const listed = loadTasks(loaded, config);
  const tasks = selectTasks(config.matrix ? matrixTasks(listed, config.matrix) : listed, overrides.only, loaded.path);
  const secrets = runSecrets(config);
  const providers = new ProviderCache(loaded, config, builtins.providers, secrets.masker);
  const agents = await providers.agents(config.agents, () => ['agents']);
  const variants = config.matrix && new Map<string, AgentPair>();
  for (const [index, variant] of (config.matrix ?? []).entries()) {
    const where = (role: Role) => (variant.agents[role]?.provider ? ['matrix', index, 'agents'] : ['agents']);
    variants?.set(variant.name, await providers.agents(variantAgents(config.agents, variant), where));
  }
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
  const outDir = resolve(loaded.dir, config.run.outDir);
  return { loaded, config, tasks, agents, ...(variants && { variants }), stages, reporters, secrets, outDir };
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
  // A matrix task is named by its own id (`calc@claude`) or by its task's (`calc`, every variant).
  const names = (task: TaskDefinition) =>
    task.variant === undefined ? [task.id] : [task.id, task.id.slice(0, -task.variant.length - 1)];
  const unknown = only.filter((id) => !tasks.some((task) => names(task).includes(id)));
  if (unknown.length) {
    throw new ConfigError(
      `--only names unknown task id(s) ${unknown.join(', ')}; the ids are: ${tasks.map((task) => task.id).join(', ')}`,
    );
  }
  return tasks.filter((task) => names(task).some((name) => only.includes(name)));
}

type AgentsConfig = AgentbatchConfig['agents'];

/**
 * Binds agents to providers. Every agent naming a provider shares its client (so its limits hold
 * for all of them, matrix variants included) and, for one model id, its model.
 */
class ProviderCache {
  private readonly clients = new Map<string, ProviderClient>();
  private readonly models = new Map<string, LanguageModel>();

  constructor(
    private readonly loaded: LoadedConfig,
    private readonly config: AgentbatchConfig,
    private readonly builtinProviders: Builtins['providers'],
    private readonly masker: SecretMasker,
  ) {}

  /** Both agents of `agents`; `where(role)` is the YAML path their settings are under, for errors. */
  async agents(agents: AgentsConfig, where: (role: Role) => PropertyKey[]): Promise<AgentPair> {
    return {
      coder: await this.bind('coder', agents, where('coder')),
      evaluator: await this.bind('evaluator', agents, where('evaluator')),
    };
  }

  private async bind(role: Role, agents: AgentsConfig, yamlPath: PropertyKey[]): Promise<AgentBinding> {
    const { loaded, config } = this;
    const agent = agents[role];
    const providerName = agent.provider;
    const provider = config.providers[providerName];
    if (!provider) {
      throw new ConfigError(`unknown provider ${providerName}`, loaded.locate([...yamlPath, role, 'provider']));
    }
    const modelId = agent.model ?? provider.model ?? '';
    let client = this.clients.get(providerName);
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
      this.clients.set(providerName, client);
    }
    const modelKey = `${providerName}\n${modelId}`;
    let model = this.models.get(modelKey);
    if (!model) {
      const { factory, options } = await loadPlugin<ProviderFactory>({
        kind: 'provider',
        name: provider.type,
        options: { ...pluginOptionsOf(provider), model: modelId },
        builtins: this.builtinProviders,
        configDir: loaded.dir,
        yamlPath: ['providers', providerName],
        locate: loaded.locate,
      });
      model = await factory(options as Parameters<ProviderFactory>[0], { name: providerName, configDir: loaded.dir });
      if (provider.record) model = recordingModel(model, resolve(loaded.dir, provider.record), this.masker);
      this.models.set(modelKey, model);
    }
    const settings = {
      system: agent.systemPrompt ?? (role === 'coder' ? coderSystemPrompt : evaluatorSystemPrompt),
      maxTurns: agent.maxTurns,
      ...(agent.maxOutputTokens !== undefined && { maxOutputTokens: agent.maxOutputTokens }),
      ...(agent.maxContextTokens !== undefined && { maxContextTokens: agent.maxContextTokens }),
      ...(agent.temperature !== undefined && { temperature: agent.temperature }),
    };
    const tools = role === 'coder' ? coderTools : evaluatorTools({ allowShell: agents.evaluator.allowShell });
    return { role, client, model, pricing: provider.pricing, settings, tools };
  }
}
