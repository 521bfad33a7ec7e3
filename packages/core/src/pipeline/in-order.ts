import type { Awaitable } from '../plugin/reporter.js';

/**
 * Hands items to `handle` one at a time, in the order they were pushed. An item is handled at once
 * when nothing is waiting, synchronously if `handle` returns no promise; while a returned promise
 * is pending, later items queue behind it. The cheap path matters: a run pushes a few events per
 * model call, and a promise per event (or an RxJS inner subscription) is measurable at 1,000 tasks.
 */
export class InOrder<Item> {
  private readonly queue: Item[] = [];
  private busy: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(private readonly handle: (item: Item) => Awaitable<void>) {}

  push(item: Item): void {
    if (this.busy || this.failure) {
      this.queue.push(item);
      return;
    }
    this.run(item);
  }

  /** Resolves when every item pushed so far is handled; rejects with the first failure of `handle`. */
  async idle(): Promise<void> {
    while (this.busy) await this.busy;
    if (this.failure) throw this.failure.error;
  }

  private run(item: Item): void {
    let pending: Awaitable<void>;
    try {
      pending = this.handle(item);
    } catch (error) {
      this.failure = { error };
      return;
    }
    if (pending instanceof Promise) this.busy = this.wait(pending);
  }

  /** The slow path, once `handle` returned a promise: the queue drains after it, one item at a time. */
  private async wait(pending: Promise<void>): Promise<void> {
    try {
      await pending;
      while (this.queue.length > 0) await this.handle(this.queue.shift() as Item);
    } catch (error) {
      this.failure = { error };
    }
    this.busy = undefined;
  }
}
