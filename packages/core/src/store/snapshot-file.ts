import writeFileAtomic from 'write-file-atomic';

/**
 * A file replaced whole and atomically (a crash never leaves it half-written), at most once per
 * `intervalMs` while things change: `soon` asks for a write of the latest state, built only when the
 * write starts, so the file is never more than `intervalMs` (and one write) behind; `now` writes
 * at once, after any write in flight.
 */
export class SnapshotFile {
  private latest: (() => string) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastStarted = 0;
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    readonly file: string,
    private readonly intervalMs = 1000,
  ) {}

  soon(content: () => string): void {
    this.latest = content;
    if (this.timer) return;
    const wait = Math.max(0, this.lastStarted + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeLatest();
    }, wait);
  }

  async now(content: () => string): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = content;
    await this.writeLatest();
    if (this.failure !== undefined) throw this.failure;
  }

  private writeLatest(): Promise<void> {
    const content = this.latest;
    this.latest = undefined;
    if (!content) return this.queue;
    this.queue = this.queue.then(async () => {
      this.lastStarted = Date.now();
      try {
        await writeFileAtomic(this.file, content());
      } catch (error) {
        this.failure ??= error;
      }
    });
    return this.queue;
  }
}
