import { describe, expect, it } from 'vitest';
import { APICallError } from '../model/api-call-error.js';
import type { ModelRequest } from '../plugin/language-model.js';
import { delayed, FakeModel, textReply } from '../test-support/fake-model.js';
import { ProviderClient, type ProviderLimits, type RetryNotice } from './model-client.js';

// The shared side of ProviderClient: limits, the slowdown after a 429, and halting. Its retries
// of single calls are tested in model-client.test.ts.

const request = (maxOutputTokens?: number): ModelRequest => ({
  system: 's',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  signal: new AbortController().signal,
  ...(maxOutputTokens !== undefined && { maxOutputTokens }),
});

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}, isRetryable?: boolean) =>
  new APICallError({
    message: `status ${statusCode}`,
    provider: 'fake',
    statusCode,
    responseHeaders: headers,
    ...(isRetryable !== undefined && { isRetryable }),
  });

const client = (limits: ProviderLimits = {}) =>
  new ProviderClient('judge', { backoff: { initialDelayMs: 1, maxDelayMs: 60_000 }, ...limits });

/** A fake model that records when each call started. */
function timedModel(...script: ConstructorParameters<typeof FakeModel>) {
  const model = new FakeModel(...script);
  const starts: number[] = [];
  const generate = model.generate.bind(model);
  model.generate = (call) => {
    starts.push(Date.now());
    return generate(call);
  };
  return { model, starts };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ProviderClient: limits shared by every call', () => {
  it('spaces calls evenly at the rpm limit', async () => {
    const { model, starts } = timedModel([], { fallback: textReply('ok') });
    const shared = client({ rpm: 600 });
    await Promise.all(Array.from({ length: 4 }, () => shared.generate(model, request())));
    // 600 a minute is one call every 100 ms; unspaced, the four would start within a millisecond.
    // A start recorded late on a busy event loop shortens the gap after it (the span fell 20 ms short
    // of the pace under load), so each gap is held to "no burst" and the span to two gaps.
    const gaps = starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(30);
    const span = (starts[3] ?? 0) - (starts[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(200);
    expect(span).toBeLessThan(900);
  });

  it('charges the estimated tokens while a call runs, then its real usage', async () => {
    // 100 tokens a second; each call is estimated at over 500 tokens (over 5 s of allowance) but
    // uses 15 (0.15 s). The bounds sit far from those 5 s, so a busy machine cannot cross them.
    const shared = client({ tpm: 6_000 });
    const { model, starts } = timedModel([], { fallback: delayed(200, textReply('ok')) });
    await shared.generate(model, request(500));
    await shared.generate(model, request(500));
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeLessThan(2500);
    // Sent together, the second waits for the first: for its estimate until it ends, then its usage.
    await Promise.all([shared.generate(model, request(500)), shared.generate(model, request(500))]);
    const gap = (starts[3] ?? 0) - (starts[2] ?? 0);
    expect(gap).toBeGreaterThanOrEqual(199);
    expect(gap).toBeLessThan(2500);
  });

  it('retries five times by default', async () => {
    const model = new FakeModel([], { fallback: apiError(500) });
    await expect(
      client({ backoff: { initialDelayMs: 1, maxDelayMs: 2 } }).generate(model, request()),
    ).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(model.calls).toBe(6);
  });
});

describe('ProviderClient: a 429 slows the whole provider', () => {
  it("holds the provider's other calls until the server's retry-after has passed", async () => {
    const shared = client();
    const limited = timedModel([apiError(429, { 'retry-after-ms': '150' }), textReply('retried')]);
    const notices: RetryNotice[] = [];
    const started = Date.now();
    const retried = shared.generate(limited.model, request(), { onRetry: (notice) => notices.push(notice) });
    await sleep(20);
    const other = timedModel([textReply('other')]);
    await Promise.all([retried, shared.generate(other.model, request())]);
    expect(notices[0]).toMatchObject({ attempt: 1, delayMs: 150 });
    expect((limited.starts[1] ?? 0) - started).toBeGreaterThanOrEqual(145);
    expect((other.starts[0] ?? 0) - started).toBeGreaterThanOrEqual(145);
  });

  it('lowers the configured rate after a 429', async () => {
    // 120 rpm is 500 ms apart; after the 429, 120 × 0.7 rpm is 714 ms apart. The bound leaves a
    // start recorded 60 ms late on a busy event loop room on either side.
    const shared = client({ rpm: 120 });
    const { model, starts } = timedModel([apiError(429, { 'retry-after-ms': '0' })], { fallback: textReply('ok') });
    await shared.generate(model, request());
    await Promise.all([shared.generate(model, request()), shared.generate(model, request())]);
    expect((starts[3] ?? 0) - (starts[2] ?? 0)).toBeGreaterThanOrEqual(650);
  });
});

describe('ProviderClient: an error no retry can fix halts the provider', () => {
  it('fails the call, the queued calls and every later call with one clear error, without more requests', async () => {
    const shared = client({ maxConcurrency: 1, apiKeyHint: 'providers.judge.apiKey in agentbatch.yaml' });
    const rejected = apiError(401);
    const halting = shared.generate(
      new FakeModel([
        async () => {
          await sleep(10);
          throw rejected;
        },
      ]),
      request(),
    );
    const queued = new FakeModel([textReply('never')]);
    const waiting = shared.generate(queued, request());
    const error = await halting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APICallError);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false, cause: rejected });
    expect((error as Error).message).toMatch(
      /^provider "judge": the API key was rejected \(HTTP 401\); check providers\.judge\.apiKey in agentbatch\.yaml\./,
    );
    await expect(waiting).rejects.toBe(error);
    const later = new FakeModel([textReply('never')]);
    await expect(shared.generate(later, request())).rejects.toBe(error);
    expect(queued.calls + later.calls).toBe(0);
  });

  it('ends the wait of a call backing off when another call finds the quota used up', async () => {
    const shared = client();
    const backingOff = new FakeModel([apiError(500, { 'retry-after': '60' }), textReply('never')]);
    const waiting = shared.generate(backingOff, request());
    await sleep(10);
    const started = Date.now();
    const halt = await shared
      .generate(new FakeModel([apiError(429, {}, false)]), request())
      .catch((caught: unknown) => caught);
    expect(halt).toMatchObject({ statusCode: 429, isRetryable: false });
    expect((halt as Error).message).toMatch(/^provider "judge": the account's quota or balance is used up/);
    await expect(waiting).rejects.toBe(halt);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(backingOff.calls).toBe(1);
  });

  it('halts on a denied access (403) too', async () => {
    const shared = client();
    await expect(shared.generate(new FakeModel([apiError(403)]), request())).rejects.toMatchObject({
      statusCode: 403,
      message: expect.stringMatching(/^provider "judge": access was denied \(HTTP 403\)/),
    });
    const later = new FakeModel([textReply('never')]);
    await expect(shared.generate(later, request())).rejects.toMatchObject({ statusCode: 403 });
    expect(later.calls).toBe(0);
  });
});
