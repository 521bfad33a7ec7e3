import type { Observable } from 'rxjs';

/**
 * An observable as an async iterable: each `for await` subscribes, and values that arrive while
 * the loop body runs wait in a queue. An error of the observable is thrown by the loop.
 */
export function eachValue<T>(source: Observable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const queue: T[] = [];
      let head = 0;
      let done = false;
      let failure: { error: unknown } | undefined;
      let wake: (() => void) | undefined;
      const notify = () => {
        wake?.();
        wake = undefined;
      };
      const subscription = source.subscribe({
        next: (value) => {
          queue.push(value);
          notify();
        },
        error: (error: unknown) => {
          failure = { error };
          notify();
        },
        complete: () => {
          done = true;
          notify();
        },
      });
      return {
        async next(): Promise<IteratorResult<T>> {
          for (;;) {
            if (head < queue.length) {
              const value = queue[head++] as T;
              if (head === queue.length) {
                queue.length = 0;
                head = 0;
              }
              return { value, done: false };
            }
            if (failure) throw failure.error;
            if (done) return { value: undefined, done: true };
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
        },
        async return(): Promise<IteratorResult<T>> {
          subscription.unsubscribe();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
