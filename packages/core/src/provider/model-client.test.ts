import { describe, expect, it } from 'vitest';
import { APICallError } from '../model/api-call-error.js';
import type { LanguageModel, ModelRequest } from '../plugin/language-model.js';
import { delayed, FakeModel, hangUntilAborted, textReply } from '../test-support/fake-model.js';
import { ProviderClient, type RetryNotice } from './model-client.js';

const tiny = { initialDelayMs: 1, maxDelayMs: 4 };

const request = (signal = new AbortController().signal): ModelRequest => ({
  system: 's',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  signal,
});

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}) =>
  new APICallError({ message: `status ${statusCode}`, provider: 'fake', statusCode, responseHeaders: headers });

/** Wraps a model to count the calls in flight at once. */
function counting(model: LanguageModel, counter: { now: number; max: number }): LanguageModel {
  return {
    specificationVersion: 'v1',
    provider: model.provider,
    modelId: model.modelId,
    async generate(r) {
      counter.now++;
      counter.max = Math.max(counter.max, counter.now);
      try {
        return await model.generate(r);
      } finally {
        counter.now--;
      }
    },
  };
}

describe('ProviderClient', () => {
  it('returns the model response, passing the request through unchanged', async () => {
    const client = new ProviderClient('p', { backoff: tiny });
    const model = new FakeModel([textReply('hello')]);
    expect((await client.generate(model, request())).text).toBe('hello');
    expect(model.requests[0]?.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('retries retryable API errors and reports each retry with attempt, delay and reason', async () => {
    const client = new ProviderClient('p', { backoff: tiny });
    const model = new FakeModel([
      apiError(500, { 'retry-after-ms': '3' }),
      apiError(502),
      apiError(undefined),
      textReply('ok'),
    ]);
    const notices: RetryNotice[] = [];
    const response = await client.generate(model, request(), { onRetry: (notice) => notices.push(notice) });
    expect(response.text).toBe('ok');
    expect(model.calls).toBe(4);
    expect(notices.map((notice) => notice.attempt)).toEqual([1, 2, 3]);
    expect(notices[0]).toEqual({ attempt: 1, delayMs: 3, reason: 'HTTP 500: status 500', statusCode: 500 });
    expect(notices[1]?.reason).toContain('HTTP 502');
    expect(notices[2]?.reason).toContain('status undefined');
    expect(notices[1]?.delayMs).toBeGreaterThanOrEqual(1);
    expect(notices[2]?.delayMs).toBeLessThanOrEqual(4);
  });

  it('retries a 429, honouring its retry-after-ms', async () => {
    const client = new ProviderClient('p', { backoff: tiny, rpm: 600_000 });
    const model = new FakeModel([apiError(429, { 'retry-after-ms': '20' }), textReply('ok')]);
    const notices: RetryNotice[] = [];
    const started = Date.now();
    expect((await client.generate(model, request(), { onRetry: (notice) => notices.push(notice) })).text).toBe('ok');
    expect(notices).toEqual([{ attempt: 1, delayMs: 20, reason: 'HTTP 429: status 429', statusCode: 429 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(18);
  });

  it('does not retry a rejected API key (401): it fails with a clear error, and so does every later call', async () => {
    const client = new ProviderClient('p', { backoff: tiny });
    const model = new FakeModel([apiError(401), textReply('never')]);
    const notices: RetryNotice[] = [];
    const error = await client
      .generate(model, request(), { onRetry: (notice) => notices.push(notice) })
      .catch((e) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
    expect((error as Error).message).toContain('providers.p.apiKey');
    expect(model.calls).toBe(1);
    expect(notices).toEqual([]);
    // The provider is halted: no request is sent for the next call.
    await expect(client.generate(model, request())).rejects.toMatchObject({ statusCode: 401 });
    expect(model.calls).toBe(1);
  });

  it.each([400, 404])('does not retry HTTP %i, and goes on serving other calls', async (status) => {
    const client = new ProviderClient('p', { backoff: tiny });
    const error = apiError(status);
    const model = new FakeModel([error, textReply('next call works')]);
    await expect(client.generate(model, request())).rejects.toBe(error);
    expect(model.calls).toBe(1);
    expect((await client.generate(model, request())).text).toBe('next call works');
  });

  it('does not retry an error that is not an APICallError', async () => {
    const client = new ProviderClient('p', { backoff: tiny });
    const model = new FakeModel([new TypeError('bug in provider'), textReply('never')]);
    await expect(client.generate(model, request())).rejects.toThrow('bug in provider');
    expect(model.calls).toBe(1);
  });

  it('gives up after maxRetries, throwing the last error', async () => {
    const client = new ProviderClient('p', { backoff: tiny, maxRetries: 2 });
    const last = apiError(500);
    const model = new FakeModel([apiError(500), apiError(502), last, textReply('too late')]);
    const notices: RetryNotice[] = [];
    await expect(client.generate(model, request(), { onRetry: (notice) => notices.push(notice) })).rejects.toBe(last);
    expect(model.calls).toBe(3);
    expect(notices).toHaveLength(2);
  });

  it('keeps at most maxConcurrency calls in flight, across every model and caller of the provider', async () => {
    const client = new ProviderClient('p', { maxConcurrency: 2, backoff: tiny });
    const counter = { now: 0, max: 0 };
    const coder = counting(new FakeModel([], { fallback: delayed(15, textReply('c')) }), counter);
    const evaluator = counting(new FakeModel([], { fallback: delayed(15, textReply('e')) }), counter);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => client.generate(index % 2 ? evaluator : coder, request())),
    );
    expect(responses.map((response) => response.text)).toEqual(['c', 'e', 'c', 'e', 'c', 'e']);
    expect(counter.max).toBe(2);
  });

  it('frees its slot while it waits to retry', async () => {
    const client = new ProviderClient('p', { maxConcurrency: 1, backoff: { initialDelayMs: 60, maxDelayMs: 60 } });
    const order: string[] = [];
    const flaky = new FakeModel([apiError(500), textReply('retried')]);
    const other = new FakeModel([textReply('other')]);
    const first = client.generate(flaky, request(), { onRetry: () => order.push('retry scheduled') });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = client.generate(other, request()).then(() => order.push('other'));
    await Promise.all([first.then(() => order.push('retried')), second]);
    expect(order).toEqual(['retry scheduled', 'other', 'retried']);
  });

  it('stops waiting for a retry as soon as the request is aborted', async () => {
    const client = new ProviderClient('p', { backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    const model = new FakeModel([apiError(500), textReply('never')]);
    const controller = new AbortController();
    const started = Date.now();
    const call = client.generate(model, request(controller.signal), {
      onRetry: () => setTimeout(() => controller.abort(new Error('interrupted')), 5),
    });
    await expect(call).rejects.toThrow('interrupted');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(model.calls).toBe(1);
  });

  it('stops waiting for a slot as soon as the request is aborted', async () => {
    const client = new ProviderClient('p', { maxConcurrency: 1, backoff: tiny });
    const busy = new AbortController();
    const blocker = client.generate(new FakeModel([hangUntilAborted]), request(busy.signal));
    const controller = new AbortController();
    const model = new FakeModel([textReply('never')]);
    const waiting = client.generate(model, request(controller.signal));
    controller.abort(new Error('gave up waiting'));
    await expect(waiting).rejects.toThrow('gave up waiting');
    expect(model.calls).toBe(0);
    busy.abort(new Error('done'));
    await expect(blocker).rejects.toThrow('done');
  });

  it('does not retry when the error came from an aborted request', async () => {
    const client = new ProviderClient('p', { backoff: tiny });
    const controller = new AbortController();
    const model = new FakeModel([
      async () => {
        controller.abort(new Error('ctrl-c'));
        throw apiError(undefined);
      },
      textReply('never'),
    ]);
    await expect(client.generate(model, request(controller.signal))).rejects.toThrow('ctrl-c');
    expect(model.calls).toBe(1);
  });

  it('aborts an attempt that exceeds the provider timeout and retries it', async () => {
    const client = new ProviderClient('p', { backoff: tiny, timeoutMs: 30 });
    const model = new FakeModel([hangUntilAborted, textReply('second try')]);
    const notices: RetryNotice[] = [];
    const response = await client.generate(model, request(), { onRetry: (notice) => notices.push(notice) });
    expect(response.text).toBe('second try');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.reason).toContain('timeout');
  });
});
