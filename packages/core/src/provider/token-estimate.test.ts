import { describe, expect, it } from 'vitest';
import type { ModelRequest } from '../plugin/language-model.js';
import { estimateTokens } from './token-estimate.js';

const request = (overrides: Partial<ModelRequest> = {}): ModelRequest => ({
  system: 's'.repeat(400),
  messages: [{ role: 'user', content: 'u'.repeat(400) }],
  tools: [],
  signal: new AbortController().signal,
  ...overrides,
});

describe('estimateTokens', () => {
  it('counts a token per four characters of the request, plus the output limit', () => {
    const estimate = estimateTokens(request({ maxOutputTokens: 500 }));
    expect(estimate).toBeGreaterThan(200 + 500);
    expect(estimate).toBeLessThan(230 + 500);
  });

  it('assumes a thousand output tokens when the call sets no limit', () => {
    expect(estimateTokens(request()) - estimateTokens(request({ maxOutputTokens: 1 }))).toBe(999);
  });
});
