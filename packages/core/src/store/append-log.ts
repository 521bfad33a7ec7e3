import { type FileHandle, open } from 'node:fs/promises';

/** How long an idle log keeps its file open: a running task appends every few hundred milliseconds. */
const keepOpenMs = 2000;

export interface AppendLogOptions {
  /** How long the file stays open once idle (default 2 s). */
  keepOpenMs?: number;
  /** Everything appended is written (with the first failure, if any). */
  onIdle?: (failure: unknown) => void;
  /** The log was idle for a while and closed its file; it takes no more lines. */
  onClose?: () => void;
}

/**
 * Lines appended to one file, in order, written off the event loop and in batches: at most one
 * write is in flight, and every line that arrives meanwhile goes out together in the next one.
 * A line is on disk within one write of being appended; `flush` waits for all of them. The file
 * stays open while lines keep coming, so a busy log costs one write per batch, not an open, a
 * write and a close; it is closed once idle for a while.
 */
export class AppendLog {
  private pending: string[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;
  private handle: FileHandle | undefined;
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly options: AppendLogOptions = {},
  ) {}

  append(line: string): void {
    this.pending.push(line);
    clearTimeout(this.closeTimer);
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
        this.handle ??= await open(this.file, 'a');
        await this.handle.appendFile(text);
      } catch (error) {
        this.failure ??= error;
      }
    }
    this.writing = undefined;
    this.options.onIdle?.(this.failure);
    this.closeTimer = setTimeout(() => void this.close(), this.options.keepOpenMs ?? keepOpenMs);
    // An open log must not keep a finished process alive.
    this.closeTimer.unref();
  }

  private async close(): Promise<void> {
    if (this.writing || this.pending.length > 0) return;
    const handle = this.handle;
    this.handle = undefined;
    this.options.onClose?.();
    await handle?.close().catch(() => undefined);
  }
}
