import { describe, expect, it } from 'vitest';
import { toCallUsage } from './openai-usage.js';

describe('toCallUsage', () => {
  it('maps OpenAI usage with cached and reasoning details', () => {
    expect(
      toCallUsage({
        prompt_tokens: 100,
        completion_tokens: 50,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 40 },
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toStrictEqual({ inputTokens: 100, outputTokens: 50, cachedInputTokens: 40, reasoningTokens: 20 });
  });

  it("falls back to DeepSeek's prompt_cache_hit_tokens", () => {
    expect(
      toCallUsage({
        prompt_tokens: 339,
        completion_tokens: 83,
        prompt_cache_hit_tokens: 320,
        prompt_cache_miss_tokens: 19,
      }),
    ).toStrictEqual({ inputTokens: 339, outputTokens: 83, cachedInputTokens: 320 });
  });

  it('prefers prompt_tokens_details.cached_tokens over prompt_cache_hit_tokens', () => {
    expect(
      toCallUsage({
        prompt_tokens: 10,
        completion_tokens: 1,
        prompt_tokens_details: { cached_tokens: 0 },
        prompt_cache_hit_tokens: 5,
      }).cachedInputTokens,
    ).toBe(0);
  });

  it('leaves out what the server did not report', () => {
    expect(toCallUsage({ prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 })).toStrictEqual({
      inputTokens: 30,
      outputTokens: 12,
    });
    expect(
      toCallUsage({
        prompt_tokens: 1,
        completion_tokens: 2,
        prompt_tokens_details: null,
        completion_tokens_details: null,
      }),
    ).toStrictEqual({ inputTokens: 1, outputTokens: 2 });
  });

  it('reports zeros, not estimates, without usage', () => {
    expect(toCallUsage(undefined)).toStrictEqual({ inputTokens: 0, outputTokens: 0 });
    expect(toCallUsage(null)).toStrictEqual({ inputTokens: 0, outputTokens: 0 });
  });
});

describe('reasoning counted outside completion_tokens', () => {
  it('adds reasoning to the output when prompt + completion + reasoning is the total (xAI)', () => {
    expect(
      toCallUsage({
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 35,
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toStrictEqual({ inputTokens: 10, outputTokens: 25, reasoningTokens: 20 });
  });

  it('leaves the output alone when completion already includes reasoning (OpenAI)', () => {
    expect(
      toCallUsage({
        prompt_tokens: 10,
        completion_tokens: 25,
        total_tokens: 35,
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toStrictEqual({ inputTokens: 10, outputTokens: 25, reasoningTokens: 20 });
  });
});
