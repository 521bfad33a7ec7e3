export { type AnthropicOptions, anthropicOptionsSchema, createAnthropicModel } from './anthropic/anthropic-provider.js';
export type { AnthropicProviderData } from './anthropic/to-anthropic-messages.js';
export { builtinProviders } from './builtin-providers.js';
export { createOpenAIModel, openaiOptionsSchema } from './openai/openai-provider.js';
export { createReplayModel, type ReplayOptions, replayOptionsSchema } from './replay/replay-provider.js';
