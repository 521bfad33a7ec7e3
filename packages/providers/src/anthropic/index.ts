export { type AnthropicCallInfo, toAPICallError as anthropicErrorToAPICallError } from './anthropic-error.js';
export {
  type AnthropicOptions,
  anthropicOptionsSchema,
  createAnthropicModel,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  type ResolvedAnthropicOptions,
} from './anthropic-provider.js';
export {
  fromAnthropicMessage,
  fromAnthropicStream,
  toFinishReason as anthropicFinishReason,
} from './anthropic-response.js';
export {
  type AnthropicUsage,
  mergeUsage as mergeAnthropicUsage,
  toCallUsage as anthropicUsageToCallUsage,
} from './anthropic-usage.js';
export {
  type AnthropicPrompt,
  type AnthropicProviderData,
  type AnthropicThinkingBlock,
  toAnthropicMessages,
  toAnthropicTools,
} from './to-anthropic-messages.js';
