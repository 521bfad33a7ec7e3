import { close, open, write } from 'node:fs';
import { withFolder } from './with-folder.js';

/** How long an idle log keeps its file open: a running task appends every few hundred milliseconds. */
const keepOpenMs = 2000;

/**
 * How long a line waits for others to join its write. A task's lines come a few at a time, a model
 * call apart; 100 ms lets the lines of one turn (the answer, its usage, the tool results) go out in
 * one write, and `events.jsonl` in about ten writes a second however many tasks run.
 */
const batchMs = 100;

export interface AppendLogOptions {
  /** How long the file stays open once idle (default 2 s). */
  keepOpenMs?: number;
  /** How long the first line of a batch waits for more (default 100 ms); `flush` does not wait. */
  batchMs?: number;
  /** Create the file's folder when it is missing (also when it was removed meanwhile). */
  createFolder?: boolean;
  /** Everything appended is written (with the first failure, if any). */
  onIdle?: (failure: unknown) => void;
  /** The log was idle for a while and closed its file; it takes no more lines. */
  onClose?: () => void;
}

/**
 * Lines appended to one file, in order, written off the event loop and in batches: at most one
 * write is in flight, and every line that arrives meanwhile, or within `batchMs` of the first,
 * goes out together in the next one. So a line is on disk within `batchMs` and one write of being
 * appended; `flush` writes at once and waits for all of them. The file stays open while lines keep
 * coming, so a busy log costs one plain `write` per batch, not an open, a write and a close; it is
 * closed once idle for a while.
 */
export class AppendLog {
  private pending: string[] = [];
  private writing: Promise<void> | undefined;
  /** Ends the current batch's wait early (for `flush`). */
  private writeNow: (() => void) | undefined;
  private failure: unknown;
  private fd: number | undefined;
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly options: AppendLogOptions = {},
  ) {}

  append(line: string): void {
    this.pending.push(line);
    if (this.closeTimer) {
      clearTimeout(this.closeTimer);
      this.closeTimer = undefined;
    }
    this.writing ??= this.drain();
  }

  /** Resolves when every line appended so far is written; rejects with the first write that failed. */
  async flush(): Promise<void> {
    while (this.writing) {
      this.writeNow?.();
      await this.writing;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private async drain(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.options.batchMs ?? batchMs);
      this.writeNow = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.writeNow = undefined;
    while (this.pending.length > 0) {
      const text = this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join('');
      this.pending = [];
      try {
        this.fd ??= await this.open();
        await writeAll(this.fd, Buffer.from(text));
      } catch (error) {
        this.failure ??= error;
      }
    }
    this.writing = undefined;
    this.options.onIdle?.(this.failure);
    this.closeTimer = setTimeout(() => this.close(), this.options.keepOpenMs ?? keepOpenMs);
    // An open log must not keep a finished process alive.
    this.closeTimer.unref();
  }

  private open(): Promise<number> {
    const openFile = () => openForAppend(this.file);
    return this.options.createFolder ? withFolder(this.file, openFile) : openFile();
  }

  private close(): void {
    this.closeTimer = undefined;
    if (this.writing || this.pending.length > 0) return;
    const fd = this.fd;
    this.fd = undefined;
    this.options.onClose?.();
    if (fd !== undefined) close(fd, () => undefined);
  }
}

function openForAppend(file: string): Promise<number> {
  return new Promise((resolve, reject) => open(file, 'a', (error, fd) => (error ? reject(error) : resolve(fd))));
}

/** One `write` almost always takes it all; a short write (a full disk, a signal) goes on with the rest. */
function writeAll(fd: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const from = (offset: number) =>
      write(fd, bytes, offset, bytes.length - offset, null, (error, written) => {
        if (error) reject(error);
        else if (offset + written < bytes.length) from(offset + written);
        else resolve();
      });
    from(0);
  });
}
