import { APICallError } from '@agentbatch/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { type OpenAIErrorContext, rememberRawErrorBody, toAPICallError } from './openai-error.js';

const context: OpenAIErrorContext = {
  provider: 'openai',
  name: 'deepseek',
  modelId: 'deepseek-reasoner',
  baseURL: 'https://api.deepseek.com/v1',
  url: 'https://api.deepseek.com/v1/chat/completions',
  timeoutMs: 1000,
};

function mapped(error: unknown): APICallError {
  const result = toAPICallError(error, context);
  if (!APICallError.isInstance(result)) throw new Error('expected an APICallError');
  return result;
}

describe('toAPICallError', () => {
  it('maps a status error with the whole recorded body', () => {
    const body = { error: { message: 'Insufficient Balance', type: 'unknown_error', code: 'invalid_request_error' } };
    const sdkError = APIError.generate(402, body, undefined, new Headers({ 'X-Request-Id': 'abc' }));
    rememberRawErrorBody(sdkError, JSON.stringify(body));
    const error = mapped(sdkError);
    expect(error).toMatchObject({
      provider: 'openai',
      statusCode: 402,
      responseHeaders: { 'x-request-id': 'abc' },
      responseBody: JSON.stringify(body),
      isRetryable: false,
    });
    expect(error.message).toContain('"deepseek"');
    expect(error.message).toContain('deepseek-reasoner');
    expect(error.message).toContain('HTTP 402: Insufficient Balance');
    expect(error.cause).toBe(sdkError);
  });

  it('reads FastAPI-style `detail` messages (vLLM)', () => {
    const body = { detail: 'Not Found' };
    const sdkError = APIError.generate(404, body, undefined, new Headers());
    rememberRawErrorBody(sdkError, JSON.stringify(body));
    expect(mapped(sdkError).message).toContain('HTTP 404: Not Found');
  });

  it('uses an HTTP code sent inside a stream error to decide on retrying', () => {
    const sdkError = new APIError(undefined, { message: 'Invalid request', code: 400 }, undefined, new Headers());
    const error = mapped(sdkError);
    expect(error.statusCode).toBeUndefined();
    expect(error.isRetryable).toBe(false);
    expect(
      mapped(new APIError(undefined, { message: 'Overloaded', code: 529 }, undefined, new Headers())).isRetryable,
    ).toBe(true);
  });

  it('maps connection failures and timeouts to retryable errors without status', () => {
    const refused = mapped(new APIConnectionError({ cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }));
    expect(refused).toMatchObject({ statusCode: undefined, isRetryable: true });
    expect(refused.message).toContain('could not connect to https://api.deepseek.com/v1');
    expect(refused.message).toContain('ECONNREFUSED');
    const timeout = mapped(new APIConnectionTimeoutError());
    expect(timeout).toMatchObject({ statusCode: undefined, isRetryable: true });
    expect(timeout.message).toContain('did not respond within 1000 ms');
  });

  it('maps failures reading the stream, and returns other errors unchanged', () => {
    expect(mapped(new TypeError('terminated'))).toMatchObject({ statusCode: undefined, isRetryable: true });
    const other = new RangeError('a bug');
    expect(toAPICallError(other, context)).toBe(other);
  });
});
