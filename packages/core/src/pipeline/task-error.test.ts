import { describe, expect, it } from 'vitest';
import { APICallError } from '../model/api-call-error.js';
import { classifyTaskFailure } from './task-error.js';

const idle = () => new AbortController().signal;
const aborted = () => AbortSignal.abort();

const apiError = (statusCode: number | undefined, isRetryable?: boolean) =>
  new APICallError({
    message: `HTTP ${statusCode}`,
    provider: 'openai',
    statusCode,
    ...(isRetryable !== undefined && { isRetryable }),
  });

describe('classifyTaskFailure', () => {
  it.each([
    [401, undefined, 'provider-auth'],
    [403, undefined, 'provider-auth'],
    [429, undefined, 'rate-limited'],
    [429, false, 'provider-quota'],
    [500, undefined, 'provider-unavailable'],
    [529, undefined, 'provider-unavailable'],
    [400, undefined, 'provider-request'],
    [undefined, undefined, 'provider-no-response'],
  ] as const)('turns HTTP %s (retryable: %s) into error code %s', (status, retryable, code) => {
    const failure = classifyTaskFailure(apiError(status, retryable), { run: idle(), timeout: undefined }, undefined);
    expect(failure).toEqual({ status: 'error', error: { code, message: `HTTP ${status}` } });
  });

  it.each([
    ['connection', 'provider-unreachable'],
    ['invalid-response', 'provider-invalid-response'],
  ] as const)('turns a %s failure into error code %s', (kind, code) => {
    const error = new APICallError({ message: 'wrong URL', provider: 'openai', kind });
    expect(classifyTaskFailure(error, { run: idle(), timeout: undefined }, undefined).error.code).toBe(code);
  });

  it('calls any other error internal, keeping its message', () => {
    expect(classifyTaskFailure(new Error('oops'), { run: idle(), timeout: idle() }, 1000)).toEqual({
      status: 'error',
      error: { code: 'internal', message: 'oops' },
    });
    expect(classifyTaskFailure('a string', { run: idle(), timeout: undefined }, undefined).error.message).toBe(
      'a string',
    );
  });

  it('reports a timeout with the limit in words', () => {
    expect(classifyTaskFailure(new Error('aborted'), { run: idle(), timeout: aborted() }, 30 * 60_000)).toEqual({
      status: 'timeout',
      error: { code: 'timeout', message: 'the task ran longer than its limit of 30 min' },
    });
    expect(classifyTaskFailure(new Error('x'), { run: idle(), timeout: aborted() }, 45_000).error.message).toContain(
      '45 s',
    );
  });

  it('reports cancellation when the run was interrupted, even if the time limit also passed', () => {
    expect(classifyTaskFailure(apiError(undefined), { run: aborted(), timeout: undefined }, undefined).status).toBe(
      'cancelled',
    );
    expect(classifyTaskFailure(new Error('x'), { run: aborted(), timeout: aborted() }, 1000)).toEqual({
      status: 'cancelled',
      error: { code: 'cancelled', message: 'the run was interrupted before this task finished' },
    });
  });
});
