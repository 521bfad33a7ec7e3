import type { CallUsage } from '@agentbatch/core';

/**
 * The token counts of an Anthropic `usage` object: `message.usage`, `message_start.message.usage`
 * or the cumulative `message_delta.usage` (where the input-side fields may be `null`).
 */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Maps Anthropic usage to core's `CallUsage`. Anthropic's `input_tokens` excludes the prompt-cache
 * tokens, so every prompt token is `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`,
 * of which `cache_read_input_tokens` were served from the cache.
 */
export function toCallUsage(usage: AnthropicUsage | null | undefined): CallUsage {
  const input = usage?.input_tokens ?? 0;
  const cacheCreation = usage?.cache_creation_input_tokens ?? 0;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const result: CallUsage = {
    inputTokens: input + cacheCreation + cacheRead,
    outputTokens: usage?.output_tokens ?? 0,
    cachedInputTokens: cacheRead,
  };
  // Cache writes cost more than plain input; core prices them with `pricing.cacheWrite`.
  if (cacheCreation > 0) result.cacheWriteInputTokens = cacheCreation;
  const thinking = usage?.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') result.reasoningTokens = thinking;
  return result;
}

/**
 * Folds a `message_delta` usage into the usage seen so far. The delta's counts are cumulative for
 * the whole message, so each field it carries (not `null`) replaces the earlier value.
 */
export function mergeUsage(current: AnthropicUsage, delta: AnthropicUsage | null | undefined): AnthropicUsage {
  if (!delta) return current;
  const merged: AnthropicUsage = { ...current };
  if (delta.input_tokens != null) merged.input_tokens = delta.input_tokens;
  if (delta.output_tokens != null) merged.output_tokens = delta.output_tokens;
  if (delta.cache_creation_input_tokens != null) merged.cache_creation_input_tokens = delta.cache_creation_input_tokens;
  if (delta.cache_read_input_tokens != null) merged.cache_read_input_tokens = delta.cache_read_input_tokens;
  if (delta.output_tokens_details != null) merged.output_tokens_details = delta.output_tokens_details;
  return merged;
}
