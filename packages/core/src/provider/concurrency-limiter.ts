import type { GateLimit } from './request-gate.js';

/** At most `limit` calls in flight at once; `release()` when one ends, then recheck the gate. */
export class ConcurrencyLimiter implements GateLimit {
  private active = 0;

  constructor(private readonly limit: number) {}

  delayMs(): number {
    return this.active < this.limit ? 0 : Number.POSITIVE_INFINITY;
  }

  admit(): void {
    this.active++;
  }

  release(): void {
    this.active--;
  }
}
