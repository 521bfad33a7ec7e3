import type { Ticket } from '../plugin/provider-limiter.js';
import type { GateLimit } from './request-gate.js';

const MINUTE_MS = 60_000;

/**
 * A per-minute allowance (requests or tokens) spent evenly: each call moves the time the limiter
 * is free again forward by its cost × (1 min / limit), and the next call may start only then.
 * Calls are spaced, never bunched, so a batch runs at the limit without the bursts that a server's
 * own window (sliding, or a bucket refilled each second) answers with 429s. A call is charged
 * when it starts, so the first call never waits and a call bigger than a minute's allowance still
 * goes (the ones after it wait longer).
 */
export class RateLimiter implements GateLimit {
  private freeAt = Number.NEGATIVE_INFINITY;

  /**
   * @param perMinute the limit; `Infinity` for none.
   * @param cost what a call spends, e.g. 1 for requests or its estimated tokens.
   */
  constructor(
    private perMinute: number,
    private readonly cost: (ticket: Ticket) => number,
  ) {}

  get limit(): number {
    return this.perMinute;
  }

  /** Changes the limit from the next call on (the adaptive throttle lowers and restores it). */
  setLimit(perMinute: number): void {
    this.perMinute = perMinute;
  }

  delayMs(_ticket: Ticket, now: number): number {
    return Number.isFinite(this.perMinute) ? Math.max(0, this.freeAt - now) : 0;
  }

  admit(ticket: Ticket, now: number): void {
    this.freeAt = Math.max(this.freeAt, now) + this.spanMs(this.cost(ticket));
  }

  /** Charges a correction once the real cost is known: the real tokens minus the estimate (negative refunds). */
  correct(delta: number): void {
    this.freeAt += this.spanMs(delta);
  }

  private spanMs(cost: number): number {
    return Number.isFinite(this.perMinute) ? (cost * MINUTE_MS) / this.perMinute : 0;
  }
}
