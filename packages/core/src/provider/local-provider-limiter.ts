import type { CallOutcome, ProviderLimiter, Ticket } from '../plugin/provider-limiter.js';
import { AdaptiveThrottle } from './adaptive-throttle.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestGate } from './request-gate.js';

export interface LimiterLimits {
  maxConcurrency?: number | undefined;
  rpm?: number | undefined;
  tpm?: number | undefined;
}

/**
 * A provider's limits within this process: one queue (the `RequestGate`) in front of the
 * concurrency limit, the request and token rates, and the adaptive throttle that slows every call
 * down after the server said it is over a limit.
 */
export class LocalProviderLimiter implements ProviderLimiter {
  private readonly concurrency: ConcurrencyLimiter;
  private readonly tokens: RateLimiter;
  private readonly throttle: AdaptiveThrottle;
  private readonly gate: RequestGate;
  private readonly countsTokens: boolean;

  constructor(limits: LimiterLimits = {}) {
    this.concurrency = new ConcurrencyLimiter(limits.maxConcurrency ?? Number.POSITIVE_INFINITY);
    const requests = new RateLimiter(limits.rpm ?? Number.POSITIVE_INFINITY, () => 1);
    this.tokens = new RateLimiter(limits.tpm ?? Number.POSITIVE_INFINITY, (ticket) => ticket.tokens);
    this.throttle = new AdaptiveThrottle(requests, this.tokens, { rpm: limits.rpm, tpm: limits.tpm });
    this.gate = new RequestGate([this.throttle, this.concurrency, requests, this.tokens]);
    this.countsTokens = limits.tpm !== undefined;
  }

  acquire(ticket: Ticket, signal: AbortSignal): Promise<void> {
    return this.gate.pass(ticket, signal);
  }

  /**
   * Frees the slot. After an answer: charges the real tokens instead of the estimate and wins back
   * rate. After a failure: slows down on overload; an error answer used no tokens.
   */
  async release(ticket: Ticket, outcome: CallOutcome): Promise<void> {
    this.concurrency.release();
    if (outcome.type === 'answered') {
      if (this.countsTokens) this.tokens.correct(outcome.tokens - ticket.tokens);
      this.throttle.recover();
    } else {
      if (outcome.overloaded) this.throttle.slowDown(Date.now(), outcome.overloaded.sentAt, outcome.overloaded.pauseMs);
      if (this.countsTokens && outcome.answered) this.tokens.correct(-ticket.tokens);
    }
    this.gate.recheck();
  }
}
