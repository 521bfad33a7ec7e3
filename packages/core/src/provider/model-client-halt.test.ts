import { describe, expect, it } from 'vitest';
import { APICallError, type APICallFailureKind } from '../model/api-call-error.js';
import type { ModelRequest } from '../plugin/language-model.js';
import { FakeModel, textReply } from '../test-support/fake-model.js';
import { ProviderClient, type RetryNotice } from './model-client.js';

const tiny = { initialDelayMs: 1, maxDelayMs: 4 };
const url = 'http://127.0.0.1:9/v1/chat/completions';

const request = (): ModelRequest => ({
  system: 's',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  signal: new AbortController().signal,
});

const wrongURL = (kind: APICallFailureKind, isRetryable = true) =>
  new APICallError({
    message: kind === 'connection' ? `could not connect to ${url} (connection refused)` : 'an HTML page',
    provider: 'openai',
    url,
    kind,
    isRetryable,
    ...(kind === 'invalid-response' && { statusCode: 200 }),
  });

describe('ProviderClient on a wrong base URL', () => {
  it('halts after a short retry cycle when it cannot connect, naming the full URL and where it is set', async () => {
    const client = new ProviderClient('local', {
      backoff: tiny,
      baseURLHint: 'providers.local.baseURL in agentbatch.yaml (from MODEL_URL)',
    });
    const model = new FakeModel([], { fallback: wrongURL('connection') });
    const notices: RetryNotice[] = [];
    const error = await client
      .generate(model, request(), { onRetry: (notice) => notices.push(notice) })
      .catch((e) => e);
    expect(notices).toHaveLength(2);
    expect(model.calls).toBe(3);
    expect(error).toMatchObject({ kind: 'connection', url, isRetryable: false });
    expect((error as Error).message).toBe(
      `could not connect to ${url} (connection refused); check providers.local.baseURL in agentbatch.yaml (from MODEL_URL). No further calls go to provider "local" in this run.`,
    );
    // Halted: the next call fails at once, with the same error.
    await expect(client.generate(model, request())).rejects.toBe(error);
    expect(model.calls).toBe(3);
  });

  it('halts at once on a URL no retry can fix', async () => {
    const client = new ProviderClient('local', { backoff: tiny });
    const model = new FakeModel([], { fallback: wrongURL('connection', false) });
    await expect(client.generate(model, request())).rejects.toMatchObject({ kind: 'connection' });
    expect(model.calls).toBe(1);
  });

  it('halts every call waiting to retry when one call halts the provider', async () => {
    const client = new ProviderClient('local', { backoff: tiny, maxRetries: 1 });
    const slowRetry = new APICallError({
      message: 'refused',
      provider: 'openai',
      kind: 'connection',
      responseHeaders: { 'retry-after-ms': '60000' },
    });
    const model = new FakeModel([slowRetry, wrongURL('connection'), wrongURL('connection')], {
      fallback: textReply('never'),
    });
    const started = Date.now();
    // The first call would wait a minute to retry; the second uses up its retries and halts the provider.
    const first = client.generate(model, request()).catch((e) => e);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = client.generate(model, request()).catch((e) => e);
    const [firstError, secondError] = await Promise.all([first, second]);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(model.calls).toBe(3);
    expect(firstError).toBe(secondError);
    expect(secondError).toMatchObject({ kind: 'connection', isRetryable: false });
  });

  it('halts on answers that are not the API’s before the first real answer', async () => {
    const client = new ProviderClient('local', { backoff: tiny });
    const model = new FakeModel([], { fallback: wrongURL('invalid-response') });
    const error = await client.generate(model, request()).catch((e) => e);
    expect(model.calls).toBe(3);
    expect((error as Error).message).toBe(
      'an HTML page; check providers.local.baseURL: it should be the root of the openai API (often ending in /v1), not a web page. No further calls go to provider "local" in this run.',
    );
  });

  it('after a real answer, retries an odd reply fully and fails only that call', async () => {
    const client = new ProviderClient('local', { backoff: tiny, maxRetries: 3 });
    const odd = wrongURL('invalid-response');
    const model = new FakeModel([textReply('real'), odd, odd, odd, odd, textReply('still serving')]);
    await client.generate(model, request());
    await expect(client.generate(model, request())).rejects.toBe(odd);
    expect(model.calls).toBe(5);
    expect((await client.generate(model, request())).text).toBe('still serving');
  });

  it('goes on after a server that was restarting comes back within the short cycle', async () => {
    const client = new ProviderClient('local', { backoff: tiny });
    const model = new FakeModel([wrongURL('connection'), wrongURL('connection'), textReply('back')]);
    expect((await client.generate(model, request())).text).toBe('back');
  });
});
