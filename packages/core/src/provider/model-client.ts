import { setTimeout as sleep } from 'node:timers/promises';
import { APICallError } from '../model/api-call-error.js';
import type { LanguageModel, ModelRequest, ModelResponse } from '../plugin/language-model.js';
import type { CallOutcome, ProviderLimiter, Ticket } from '../plugin/provider-limiter.js';
import { LocalProviderLimiter } from './local-provider-limiter.js';
import { haltingError, wrongURLError } from './provider-halt.js';
import { type BackoffOptions, defaultBackoff, isOverloaded, retryDelayMs } from './retry-delay.js';
import { estimateTokens } from './token-estimate.js';

export interface RetryNotice {
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  reason: string;
  /** The HTTP status that failed the attempt; undefined when no response came (dropped connection, timeout). */
  statusCode: number | undefined;
}

export interface ModelCallOptions {
  onRetry?(notice: RetryNotice): void;
}

export interface ProviderLimits {
  /** Calls in flight at once. */
  maxConcurrency?: number | undefined;
  /** Requests per minute, spaced evenly. */
  rpm?: number | undefined;
  /** Tokens (input + output) per minute, estimated before a call and corrected by its usage. */
  tpm?: number | undefined;
  /** Time limit of one attempt (0 or none: no limit); a call that exceeds it is aborted and retried. */
  timeoutMs?: number | undefined;
  /** Retries of one call after retryable failures (default 5). */
  maxRetries?: number | undefined;
  backoff?: BackoffOptions;
  /** Where the API key is set, named in the error when the server rejects it (see `providerSettingHint`). */
  apiKeyHint?: string;
  /** Where the base URL is set, named in the error when it leads to no API. */
  baseURLHint?: string;
}

const DEFAULT_MAX_RETRIES = 5;

/**
 * Retries of a call whose failure points at a wrong `baseURL` (no connection, an answer that is not
 * the API's) while the provider has not answered once in this run: a typo would otherwise cost
 * every task a full retry cycle, and a server that is only restarting is back within these.
 */
const FIRST_CONTACT_RETRIES = 2;

/**
 * One configured provider as the run uses it: every agent and task calling it shares its limits,
 * its queue and its fate. Calls are retried here, never in the provider plugins, so every retry
 * is seen and counted. A call passes the provider's gate (pause after a 429, concurrency,
 * requests and tokens per minute), is sent, and on a retryable failure waits its backoff and
 * queues again in its old place. An error that no retry can fix (bad key, no quota) halts the
 * provider: every call after it fails at once with the same error. So does a call that used up
 * its retries without reaching the server, or (before the provider's first answer) getting
 * anything but the API's answers from it: a wrong `baseURL` costs one retry cycle, not one per task.
 */
export class ProviderClient {
  private readonly limiter: ProviderLimiter;
  private readonly countsTokens: boolean;
  private readonly timeoutMs: number | undefined;
  private readonly maxRetries: number;
  private readonly backoff: BackoffOptions;
  private readonly apiKeyHint: string;
  private readonly baseURLHint: string;
  private readonly halt = new AbortController();
  /** Whether any call has been answered in this run: a server that has answered is there. */
  private answered = false;
  private readonly waitSignals = new WeakMap<AbortSignal, AbortSignal>();

  constructor(
    readonly name: string,
    limits: ProviderLimits = {},
    /** Where `maxConcurrency`, `rpm` and `tpm` are kept: this process unless a queue shares them. */
    limiter: ProviderLimiter = new LocalProviderLimiter(limits),
  ) {
    this.limiter = limiter;
    this.countsTokens = limits.tpm !== undefined;
    this.timeoutMs = limits.timeoutMs;
    this.maxRetries = limits.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.backoff = limits.backoff ?? defaultBackoff;
    this.apiKeyHint = limits.apiKeyHint ?? `providers.${name}.apiKey`;
    this.baseURLHint = limits.baseURLHint ?? `providers.${name}.baseURL`;
  }

  async generate(model: LanguageModel, request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const ticket: Ticket = { since: Date.now(), tokens: this.countsTokens ? estimateTokens(request) : 0 };
    // Waiting (in the queue or for a retry) ends early when the run aborts or the provider halts.
    const waitSignal = this.waitSignalFor(request.signal);
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire(ticket, waitSignal);
      const sentAt = Date.now();
      let failure: unknown;
      try {
        const response = await this.send(model, request);
        this.answered = true;
        const { inputTokens, outputTokens } = response.usage;
        await this.limiter.release(ticket, { type: 'answered', tokens: inputTokens + outputTokens });
        return response;
      } catch (error) {
        failure = error;
      }
      const delayMs = await this.afterFailure(ticket, failure, sentAt, attempt);
      request.signal.throwIfAborted();
      if (!APICallError.isInstance(failure)) throw failure;
      if (this.halt.signal.aborted) throw this.halt.signal.reason;
      if (!failure.isRetryable || attempt > this.retriesAfter(failure)) throw this.haltOnWrongURL(failure) ?? failure;
      options.onRetry?.({ attempt, delayMs, reason: retryReason(failure), statusCode: failure.statusCode });
      await sleep(delayMs, undefined, { signal: waitSignal }).catch((error: unknown) => {
        waitSignal.throwIfAborted();
        throw error;
      });
    }
  }

  /**
   * The signal that ends a wait of calls made under `signal` (a task's): it or the provider's halt.
   * Made once per task, not per call: `AbortSignal.any` is costly and keeps its sources weakly
   * referenced until collected.
   */
  private waitSignalFor(signal: AbortSignal): AbortSignal {
    let waitSignal = this.waitSignals.get(signal);
    if (!waitSignal) {
      waitSignal = AbortSignal.any([signal, this.halt.signal]);
      this.waitSignals.set(signal, waitSignal);
    }
    return waitSignal;
  }

  private retriesAfter(failure: APICallError): number {
    return failure.kind !== undefined && !this.answered
      ? Math.min(this.maxRetries, FIRST_CONTACT_RETRIES)
      : this.maxRetries;
  }

  /**
   * Halts the provider when a call ends with a failure that says its `baseURL` is wrong, and returns
   * the halting error. An answer that is not the API's halts it only before its first real answer:
   * after that it is one bad reply from a server that works.
   */
  private haltOnWrongURL(failure: APICallError): APICallError | undefined {
    if (failure.kind === undefined || (failure.kind === 'invalid-response' && this.answered)) return undefined;
    if (!this.halt.signal.aborted) this.halt.abort(wrongURLError(failure, this.name, this.baseURLHint));
    return this.halt.signal.reason as APICallError;
  }

  /**
   * One attempt, aborted after the provider's `timeout` as a retryable error. The model gets a
   * signal of its own per attempt: SDKs add an abort listener to the signal of every request and
   * never remove it, which on the task's long-lived signal would pile up one listener per call.
   */
  private async send(model: LanguageModel, request: ModelRequest): Promise<ModelResponse> {
    const attempt = new AbortController();
    const forwardAbort = () => attempt.abort(request.signal.reason);
    request.signal.addEventListener('abort', forwardAbort, { once: true });
    let timedOut = false;
    const timeoutMs = this.timeoutMs;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          attempt.abort(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;
    try {
      request.signal.throwIfAborted();
      return await model.generate({ ...request, signal: attempt.signal });
    } catch (error) {
      if (!timedOut || request.signal.aborted) throw error;
      throw new APICallError({
        message: `provider "${this.name}" (model ${model.modelId}): no complete answer within ${(timeoutMs ?? 0) / 1000} s (its timeout)`,
        provider: model.provider,
        isRetryable: true,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', forwardAbort);
    }
  }

  /**
   * After a failure, before the slot is freed (so that no queued call slips out first): halt the
   * provider on an error no retry can fix, slow it down on a 429, and return the retry delay.
   */
  private async afterFailure(ticket: Ticket, failure: unknown, sentAt: number, attempt: number): Promise<number> {
    let delayMs = 0;
    let outcome: CallOutcome = { type: 'failed', answered: false };
    if (APICallError.isInstance(failure)) {
      const fatal = haltingError(failure, this.name, this.apiKeyHint);
      if (fatal && !this.halt.signal.aborted) this.halt.abort(fatal);
      delayMs = retryDelayMs(failure, attempt, this.backoff);
      outcome = {
        type: 'failed',
        // The server answered with an error: the request used no tokens.
        answered: failure.statusCode !== undefined,
        ...(isOverloaded(failure) && { overloaded: { sentAt, pauseMs: delayMs } }),
      };
    }
    await this.limiter.release(ticket, outcome);
    return delayMs;
  }
}

function retryReason(error: APICallError): string {
  const status = error.statusCode === undefined ? 'no response' : `HTTP ${error.statusCode}`;
  return `${status}: ${error.message}`.slice(0, 300);
}
