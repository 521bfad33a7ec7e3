import type { Usage } from './usage.js';

/** USD per million tokens. `cachedInput` defaults to `input` when a provider gives no discount. */
export interface Pricing {
  input: number;
  output: number;
  cachedInput?: number;
}

export function costOf(usage: Usage, pricing: Pricing | undefined): number {
  if (!pricing) return 0;
  const uncached = usage.inputTokens - usage.cachedInputTokens;
  const cachedRate = pricing.cachedInput ?? pricing.input;
  return (uncached * pricing.input + usage.cachedInputTokens * cachedRate + usage.outputTokens * pricing.output) / 1e6;
}
