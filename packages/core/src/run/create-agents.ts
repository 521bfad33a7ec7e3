import { resolve } from 'node:path';
import { coderSystemPrompt, evaluatorSystemPrompt } from '../agent/prompts.js';
import { recordingModel } from '../cassette/recording-model.js';
import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { AgentbatchConfig, ProviderConfig } from '../config/schema.js';
import { type BuiltinPlugin, loadPlugin } from '../loader/load-plugin.js';
import type { AgentBinding } from '../pipeline/agent-binding.js';
import type { LanguageModel, ProviderFactory } from '../plugin/language-model.js';
import type { ProviderLimiter } from '../plugin/provider-limiter.js';
import type { Role } from '../plugin/run-results.js';
import type { LimiterLimits } from '../provider/local-provider-limiter.js';
import { ProviderClient } from '../provider/model-client.js';
import { providerSettingHint } from '../provider/provider-setting-hint.js';
import type { SecretMasker } from '../secrets/secret-masker.js';
import { coderTools, evaluatorTools } from '../tools/index.js';

/** Makes the limiter of a provider; without one, each provider is limited within this process. */
export type LimiterFactory = (providerName: string, limits: LimiterLimits) => ProviderLimiter;

/**
 * The coder and the evaluator as configured: one shared client per provider (its limits, queue
 * and retries), one model per provider and model id, their prompts, settings and tools.
 */
export async function createAgents(
  loaded: LoadedConfig,
  config: AgentbatchConfig,
  builtinProviders: Record<string, BuiltinPlugin<ProviderFactory>>,
  masker: SecretMasker,
  limiterFor?: LimiterFactory,
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
      const limits = { maxConcurrency: provider.maxConcurrency, rpm: provider.rpm, tpm: provider.tpm };
      client = new ProviderClient(
        providerName,
        {
          ...limits,
          timeoutMs: provider.timeout,
          maxRetries: provider.maxRetries,
          apiKeyHint: providerSettingHint(loaded.path, providerName, 'apiKey'),
          baseURLHint: providerSettingHint(loaded.path, providerName, 'baseURL'),
        },
        limiterFor?.(providerName, limits),
      );
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

/**
 * A provider plugin gets only its own options: the keys core acts on for every provider (limits,
 * retries, pricing, recording) stay with core, so a plugin's schema can be strict.
 */
function pluginOptionsOf(provider: ProviderConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(provider).filter(([key]) => !engineProviderKeys.has(key)));
}

const engineProviderKeys = new Set(['maxConcurrency', 'rpm', 'tpm', 'timeout', 'maxRetries', 'pricing', 'record']);
