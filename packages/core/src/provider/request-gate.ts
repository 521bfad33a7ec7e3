import type { Ticket } from '../plugin/provider-limiter.js';

/** One limit a `RequestGate` consults before letting a call through. */
export interface GateLimit {
  /** Milliseconds until `ticket` may pass: 0 for now, `Infinity` until something is released. */
  delayMs(ticket: Ticket, now: number): number;
  /** Counts `ticket` as passed. Called on every limit at once, when all of them allow it. */
  admit(ticket: Ticket, now: number): void;
}

interface Waiter {
  ticket: Ticket;
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal;
  onAbort(): void;
}

/**
 * The queue in front of one provider. Calls wait in order of age; the oldest passes when every
 * limit allows it, so a call held back by the token limit is not overtaken by smaller ones and
 * nothing starves. The gate sleeps until the soonest time the oldest call may pass, or until
 * `recheck()` says a limit freed capacity.
 */
export class RequestGate {
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly limits: readonly GateLimit[]) {}

  /** Resolves when `ticket` may be sent; rejects with the signal's reason if it aborts first. */
  pass(ticket: Ticket, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    // Nobody waiting and every limit allows it: it passes at once, without queueing (the usual case).
    if (this.waiting.length === 0 && this.timer === undefined) {
      const now = Date.now();
      if (this.delayMs(ticket, now) === 0) {
        this.admit(ticket, now);
        return Promise.resolve();
      }
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        ticket,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(signal.reason);
          this.recheck();
        },
      };
      let index = this.waiting.length;
      while (index > 0 && (this.waiting[index - 1] as Waiter).ticket.since > ticket.since) index--;
      this.waiting.splice(index, 0, waiter);
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.recheck();
    });
  }

  /** Lets through every call that may pass now and sleeps until the next one may. */
  recheck(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let head = this.waiting[0]; head; head = this.waiting[0]) {
      const now = Date.now();
      const delay = this.delayMs(head.ticket, now);
      if (delay > 0) {
        if (Number.isFinite(delay)) this.timer = setTimeout(() => this.recheck(), Math.ceil(delay));
        return;
      }
      this.admit(head.ticket, now);
      this.waiting.shift();
      head.signal.removeEventListener('abort', head.onAbort);
      head.resolve();
    }
  }

  private delayMs(ticket: Ticket, now: number): number {
    let delay = 0;
    for (const limit of this.limits) delay = Math.max(delay, limit.delayMs(ticket, now));
    return delay;
  }

  private admit(ticket: Ticket, now: number): void {
    for (const limit of this.limits) limit.admit(ticket, now);
  }

  /** Calls waiting to pass. */
  get size(): number {
    return this.waiting.length;
  }
}
