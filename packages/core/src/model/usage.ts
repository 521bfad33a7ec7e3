/** Token counts exactly as providers report them, summed over `calls` model calls. */
export interface Usage {
  calls: number;
  /** Every prompt token, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` served from the provider's prompt cache. */
  cachedInputTokens: number;
  /** The part of `outputTokens` spent on hidden reasoning, where the provider reports it. */
  reasoningTokens: number;
  /** Always `inputTokens + outputTokens`. */
  totalTokens: number;
}

/** The usage of a single model call, as a provider plugin reports it. */
export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** The part of `inputTokens` written to the prompt cache (priced apart; not part of `Usage`). */
  cacheWriteInputTokens?: number;
  reasoningTokens?: number;
}

export function emptyUsage(): Usage {
  return { calls: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, totalTokens: 0 };
}

export function usageOfCall(call: CallUsage): Usage {
  return {
    calls: 1,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    cachedInputTokens: call.cachedInputTokens ?? 0,
    reasoningTokens: call.reasoningTokens ?? 0,
    totalTokens: call.inputTokens + call.outputTokens,
  };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
