/** What one model call asks of its provider's limits. */
export interface Ticket {
  /** When the call first asked (epoch ms). Older calls go first, so a retried call keeps its place. */
  since: number;
  /** The call's estimated tokens (0 when the provider has no token limit). */
  tokens: number;
}

/** How a call that passed the limiter ended. */
export type CallOutcome =
  /** The server answered: `tokens` (input + output) replace the estimate. */
  | { type: 'answered'; tokens: number }
  /**
   * The call failed. `answered`: the server replied with an error, so the call used no tokens.
   * `overloaded`: the server said it is over a limit (429, 503, 529) for a call sent at `sentAt`,
   * and asked for a pause of `pauseMs`.
   */
  | { type: 'failed'; answered: boolean; overloaded?: { sentAt: number; pauseMs: number } };

/**
 * A provider's `maxConcurrency`, `rpm` and `tpm`, shared by every call to it. The in-process
 * limiter serves one process; a queue's limiter holds them across every worker.
 */
export interface ProviderLimiter {
  /** Resolves when the call may be sent; rejects with the signal's reason if it aborts first. */
  acquire(ticket: Ticket, signal: AbortSignal): Promise<void>;
  /** Frees the call's place once it has ended, and learns from how it ended. */
  release(ticket: Ticket, outcome: CallOutcome): Promise<void>;
}
