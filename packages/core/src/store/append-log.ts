import { appendFile } from 'node:fs/promises';

/**
 * Lines appended to one file, in order, written off the event loop and in batches: at most one
 * write is in flight, and every line that arrives meanwhile goes out together in the next one.
 * A line is on disk within one write of being appended; `flush` waits for all of them.
 */
export class AppendLog {
  private pending: string[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;

  /** `onIdle` is told when everything appended is written (with the first failure, if any). */
  constructor(
    readonly file: string,
    private readonly onIdle?: (failure: unknown) => void,
  ) {}

  append(line: string): void {
    this.pending.push(line);
    this.writing ??= this.drain();
  }

  /** Resolves when every line appended so far is written; rejects with the first write that failed. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  private async drain(): Promise<void> {
    // Let the lines of the current turn of the event loop join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const text = this.pending.join('');
      this.pending = [];
      try {
        await appendFile(this.file, text);
      } catch (error) {
        this.failure ??= error;
      }
    }
    this.writing = undefined;
    this.onIdle?.(this.failure);
  }
}
