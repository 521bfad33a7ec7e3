import type { PluginDefinition, ProviderFactory } from '@agentbatch/core';
import { anthropicOptionsSchema, createAnthropicModel } from './anthropic/anthropic-provider.js';
import { createOpenAIModel, openaiOptionsSchema } from './openai/openai-provider.js';
import { createReplayModel, replayOptionsSchema } from './replay/replay-provider.js';

/** The providers `type:` can name without installing anything. */
export const builtinProviders: Record<string, PluginDefinition<ProviderFactory>> = {
  openai: { factory: createOpenAIModel as ProviderFactory, optionsSchema: openaiOptionsSchema },
  anthropic: { factory: createAnthropicModel as ProviderFactory, optionsSchema: anthropicOptionsSchema },
  replay: { factory: createReplayModel, optionsSchema: replayOptionsSchema },
};
