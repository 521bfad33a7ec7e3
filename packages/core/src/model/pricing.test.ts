import { describe, expect, it } from 'vitest';
import { costOf } from './pricing.js';

describe('costOf', () => {
  it('prices plain input, cache reads, cache writes and output each at its own rate', () => {
    const usage = {
      inputTokens: 1_000_000,
      cachedInputTokens: 600_000,
      cacheWriteInputTokens: 100_000,
      outputTokens: 10_000,
    };
    // 300k plain × 3 + 600k read × 0.3 + 100k written × 3.75 + 10k out × 15, per million.
    expect(costOf(usage, { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 })).toBeCloseTo(
      0.9 + 0.18 + 0.375 + 0.15,
      10,
    );
  });

  it('bills cache reads and writes at the input rate when the pricing names no discount or premium', () => {
    expect(
      costOf(
        { inputTokens: 1000, cachedInputTokens: 400, cacheWriteInputTokens: 100, outputTokens: 0 },
        { input: 2, output: 0 },
      ),
    ).toBeCloseTo(0.002, 12);
  });

  it('costs nothing without pricing', () => {
    expect(costOf({ inputTokens: 5, outputTokens: 5 }, undefined)).toBe(0);
  });
});
