import { describe, expect, it } from 'vitest';
import { APICallError } from '../model/api-call-error.js';
import { haltingError } from './provider-halt.js';

const error = (statusCode: number | undefined, isRetryable?: boolean, responseBody?: string) =>
  new APICallError({
    message: `openai provider "judge" (model m): HTTP ${statusCode}: from the provider`,
    provider: 'openai',
    statusCode,
    responseHeaders: { 'x-request-id': 'r1' },
    ...(responseBody !== undefined && { responseBody }),
    ...(isRetryable !== undefined && { isRetryable }),
  });

const hint = 'providers.judge.apiKey in agentbatch.yaml (from EVALUATION_API_KEY)';

describe('haltingError', () => {
  it('names the provider, the status and where the key is set when the key is rejected', () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } });
    const halt = haltingError(error(401, undefined, body), 'judge', hint);
    expect(halt?.message).toBe(
      'provider "judge": the API key was rejected (HTTP 401); check providers.judge.apiKey in agentbatch.yaml (from EVALUATION_API_KEY). The server said: Incorrect API key provided. No further calls go to this provider in this run.',
    );
    expect(halt).toMatchObject({
      statusCode: 401,
      isRetryable: false,
      provider: 'openai',
      responseHeaders: { 'x-request-id': 'r1' },
      responseBody: body,
    });
  });

  it('halts on denied access and on an exhausted quota, keeping the status', () => {
    expect(haltingError(error(403), 'judge', hint)?.message).toMatch(/access was denied \(HTTP 403\)/);
    const quota = haltingError(error(429, false, '{"message":"insufficient balance"}'), 'judge', hint);
    expect(quota).toMatchObject({ statusCode: 429, isRetryable: false });
    expect(quota?.message).toMatch(
      /quota or balance is used up \(HTTP 429\).*--retry-failed.*said: insufficient balance\./,
    );
    expect(haltingError(error(402), 'judge', hint)?.message).toMatch(/HTTP 402/);
  });

  it("falls back to the provider's message when the body says nothing usable", () => {
    expect(haltingError(error(401, undefined, 'not json'), 'judge', hint)?.message).toMatch(
      /The server said: openai provider "judge" \(model m\): HTTP 401: from the provider\. No further/,
    );
  });

  it.each([
    [400, undefined],
    [404, undefined],
    [429, true],
    [500, undefined],
    [undefined, undefined],
  ])('does not halt on HTTP %s (retryable: %s)', (status, retryable) => {
    expect(haltingError(error(status, retryable), 'judge', hint)).toBeUndefined();
  });
});
