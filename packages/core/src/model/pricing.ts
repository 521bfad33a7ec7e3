import type { CallUsage } from './usage.js';

/**
 * USD per million tokens. `cachedInput` (cache reads) and `cacheWrite` (input written to the
 * prompt cache, which Anthropic bills at a premium) default to `input`.
 */
export interface Pricing {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
}

/** The price of one call's usage. */
export function costOf(usage: CallUsage, pricing: Pricing | undefined): number {
  if (!pricing) return 0;
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  const plain = usage.inputTokens - cached - written;
  return (
    (plain * pricing.input +
      cached * (pricing.cachedInput ?? pricing.input) +
      written * (pricing.cacheWrite ?? pricing.input) +
      usage.outputTokens * pricing.output) /
    1e6
  );
}
