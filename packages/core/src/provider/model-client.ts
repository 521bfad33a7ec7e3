import { setTimeout as sleep } from 'node:timers/promises';
import { APICallError } from '../model/api-call-error.js';
import type { LanguageModel, ModelRequest, ModelResponse } from '../plugin/language-model.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { type BackoffOptions, defaultBackoff, retryDelayMs } from './retry-delay.js';

export interface RetryNotice {
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ModelCallOptions {
  onRetry?(notice: RetryNotice): void;
}

export interface ProviderLimits {
  maxConcurrency?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
}

/**
 * One configured provider as the run uses it: every agent and task calling it shares its limits.
 * Calls are retried here, never in the provider plugins, so every retry is seen and counted.
 */
export class ProviderClient {
  private readonly limiter: ConcurrencyLimiter;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;

  constructor(
    readonly name: string,
    limits: ProviderLimits = {},
  ) {
    this.limiter = new ConcurrencyLimiter(limits.maxConcurrency ?? Number.POSITIVE_INFINITY);
    this.maxAttempts = limits.maxAttempts ?? 6;
    this.backoff = limits.backoff ?? defaultBackoff;
  }

  async generate(model: LanguageModel, request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limiter.run(() => model.generate(request), request.signal);
      } catch (error) {
        request.signal.throwIfAborted();
        if (!APICallError.isInstance(error) || !error.isRetryable || attempt >= this.maxAttempts) throw error;
        const delayMs = retryDelayMs(error, attempt, this.backoff);
        options.onRetry?.({ attempt, delayMs, reason: retryReason(error) });
        await sleep(delayMs, undefined, { signal: request.signal });
      }
    }
  }
}

function retryReason(error: APICallError): string {
  const status = error.statusCode === undefined ? 'connection error' : `HTTP ${error.statusCode}`;
  return `${status}: ${error.message}`.slice(0, 300);
}
