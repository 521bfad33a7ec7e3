import type { RateLimiter } from './rate-limiter.js';
import type { GateLimit } from './request-gate.js';

const MINUTE_MS = 60_000;
/** What a slowdown keeps of the rate (as TCP CUBIC and AWS's adaptive retries do). */
const DECREASE = 0.7;
/** The lowest share of the full rate a provider is slowed to. */
const MIN_FACTOR = 1 / 16;
/** Share of the full rate won back by each successful call: from one slowdown to full speed in 15 calls. */
const RECOVERY_STEP = 0.02;
/** Calls in the last minute needed to measure a rate worth pacing at. */
const MIN_SAMPLE = 10;

export interface ThrottleLimits {
  /** The configured limits; without `rpm` the throttle paces at a rate it measured. */
  rpm?: number | undefined;
  tpm?: number | undefined;
}

/**
 * Slows a whole provider down when its server says it is over a limit (429, 503, 529), and speeds
 * it up again as calls succeed (additive increase, multiplicative decrease, as TCP does):
 * - every call waits until the server's `Retry-After` has passed, not only the call that got it;
 * - the rate is cut to 70%, once per round of calls: the 429s of calls sent before the last
 *   slowdown are answers to the old rate and do not cut it again;
 * - each success wins back a little of the rate, up to the configured limit.
 * A provider without a configured `rpm` is paced, after a 429, at 70% of the rate it had been
 * sending at over the last minute (if it sent enough calls to tell); once it has recovered to
 * that rate the pacing is lifted.
 */
export class AdaptiveThrottle implements GateLimit {
  private factor = 1;
  private pausedUntil = 0;
  private lastSlowdownAt = Number.NEGATIVE_INFINITY;
  private measuredRpm: number | undefined;
  /** Times calls started in the last minute, to measure the rate when no `rpm` is configured. */
  private readonly recent: number[] = [];

  constructor(
    private readonly requests: RateLimiter,
    private readonly tokens: RateLimiter,
    private readonly limits: ThrottleLimits,
  ) {}

  /** The share of the full rate in force, from 1/16 to 1. */
  get share(): number {
    return this.factor;
  }

  delayMs(_ticket: unknown, now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }

  admit(_ticket: unknown, now: number): void {
    if (this.limits.rpm !== undefined) return;
    this.recent.push(now);
    while ((this.recent[0] ?? now) <= now - MINUTE_MS) this.recent.shift();
  }

  /** The server refused a call sent at `sentAt` for load: hold every call for `pauseMs` and cut the rate. */
  slowDown(now: number, sentAt: number, pauseMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
    if (sentAt < this.lastSlowdownAt) return;
    this.lastSlowdownAt = now;
    if (this.limits.rpm === undefined && this.measuredRpm === undefined) {
      // Too few calls say nothing about the server's limit: then only the pause applies.
      if (this.recent.length < MIN_SAMPLE) return;
      this.measuredRpm = this.rateBefore(now);
    }
    this.factor = Math.max(MIN_FACTOR, this.factor * DECREASE);
    this.apply();
  }

  /** A call succeeded. */
  recover(): void {
    if (this.factor >= 1) return;
    const next = this.factor + RECOVERY_STEP;
    this.factor = next > 1 - 1e-9 ? 1 : next; // no floating-point dust short of full speed
    if (this.factor === 1) this.measuredRpm = undefined;
    this.apply();
  }

  /** Calls per minute started over the last minute (or since the first call, if sooner). */
  private rateBefore(now: number): number {
    const oldest = this.recent[0] ?? now;
    return (this.recent.length * MINUTE_MS) / Math.max(now - oldest, 1000);
  }

  private apply(): void {
    const rpm = this.limits.rpm ?? this.measuredRpm;
    this.requests.setLimit(rpm === undefined ? Number.POSITIVE_INFINITY : rpm * this.factor);
    if (this.limits.tpm !== undefined) this.tokens.setLimit(this.limits.tpm * this.factor);
  }
}
