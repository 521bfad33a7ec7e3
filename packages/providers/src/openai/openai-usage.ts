import type { CallUsage } from '@agentbatch/core';

/** The `usage` object of a chat completion as OpenAI-compatible servers send it (all fields optional). */
export interface OpenAIWireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's own name for the cached part of the prompt. */
  prompt_cache_hit_tokens?: number | null;
  prompt_cache_miss_tokens?: number | null;
}

/**
 * Maps a chat-completions `usage` to core's `CallUsage`, exactly as reported:
 * - `inputTokens` = `prompt_tokens` (it already includes cached tokens);
 * - `cachedInputTokens` = `prompt_tokens_details.cached_tokens`, else DeepSeek's `prompt_cache_hit_tokens`;
 * - `reasoningTokens` = `completion_tokens_details.reasoning_tokens`;
 * - `outputTokens` = `completion_tokens`, plus the reasoning tokens when the server counts them
 *   outside it (xAI: `prompt + completion + reasoning = total`), so that reasoning is always part of
 *   the output, as core's `Usage` defines it and as it is billed.
 *
 * Without any usage (servers that ignore `stream_options.include_usage`) the counts stay 0: they
 * are what the server reported, nothing is estimated.
 */
export function toCallUsage(usage: OpenAIWireUsage | null | undefined): CallUsage {
  const result: CallUsage = {
    inputTokens: count(usage?.prompt_tokens) ?? 0,
    outputTokens: count(usage?.completion_tokens) ?? 0,
  };
  const cached = count(usage?.prompt_tokens_details?.cached_tokens) ?? count(usage?.prompt_cache_hit_tokens);
  if (cached !== undefined) result.cachedInputTokens = cached;
  const reasoning = count(usage?.completion_tokens_details?.reasoning_tokens);
  if (reasoning !== undefined) result.reasoningTokens = reasoning;
  const total = count(usage?.total_tokens);
  if (reasoning && total !== undefined && result.inputTokens + result.outputTokens + reasoning === total) {
    result.outputTokens += reasoning;
  }
  return result;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
