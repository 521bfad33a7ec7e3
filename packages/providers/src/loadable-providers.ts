import type { BuiltinPlugin, ProviderFactory } from '@agentbatch/core';

/**
 * The built-in providers, each loaded the first time a config names it: what `builtinProviders`
 * holds, without loading both vendors' SDKs at start-up.
 */
export const loadableProviders: Readonly<Record<string, BuiltinPlugin<ProviderFactory>>> = {
  async openai() {
    const { createOpenAIModel, openaiOptionsSchema } = await import('./openai/openai-provider.js');
    return { factory: createOpenAIModel, optionsSchema: openaiOptionsSchema };
  },
  async anthropic() {
    const { createAnthropicModel, anthropicOptionsSchema } = await import('./anthropic/anthropic-provider.js');
    return { factory: createAnthropicModel as ProviderFactory, optionsSchema: anthropicOptionsSchema };
  },
  async replay() {
    const { createReplayModel, replayOptionsSchema } = await import('./replay/replay-provider.js');
    return { factory: createReplayModel, optionsSchema: replayOptionsSchema };
  },
};
