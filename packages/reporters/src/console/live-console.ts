import type { Reporter, RunEvent, RunInfo, RunResults } from '@agentbatch/core';
import { createLogUpdate } from 'log-update';
import { runSummaryLines, taskEndLines } from './console-lines.js';
import type { ConsoleMessages } from './console-messages.js';
import type { Palette } from './create-palette.js';
import type { LiveMessages } from './live-messages.js';
import { createLiveState, type LiveState, reduceLiveState } from './live-state.js';
import { renderLiveView } from './render-live-view.js';

export interface LiveConsoleOptions {
  messages: ConsoleMessages;
  liveMessages: LiveMessages;
  paint: Palette;
  /** A terminal: the live area is redrawn in place with cursor movements. */
  stdout: NodeJS.WriteStream;
  /** Also watched while the live area is shown, when it is a terminal too. */
  stderr?: NodeJS.WriteStream;
  /** Milliseconds between redraws; default 250. */
  refreshMs?: number;
  /** The clock, epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

/** At most ~10 redraws a second, however many tasks end or write meanwhile. */
const MIN_DRAW_INTERVAL_MS = 100;
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

/**
 * The console reporter's live view, for a terminal. Below the lines printed for good (the start
 * line, then each finished task's lines as in the plain view), a live area is redrawn a few times
 * a second: progress bar, elapsed time and ETA, tokens, cost and retries, and a row per running
 * task. At the end the area is cleared and the plain view's summary printed.
 *
 * Events only update the state; a timer draws, so a burst of events costs one redraw. A finished
 * task's lines are printed at once, but the area below them is redrawn at most every 100 ms, so
 * a thousand tasks ending together cost a few redraws, not a thousand. The timers are unref'd, so
 * they never keep the process alive, and stop when the run ends.
 *
 * Anything else written to the terminal meanwhile (a warning on stderr, the Ctrl-C notice,
 * another reporter's output) would tear the live area, whose redraw assumes the cursor sits just
 * below it. So while the area is shown, `stdout.write` and a terminal `stderr.write` are wrapped:
 * a foreign write clears the area, goes out, and the area is drawn again below it.
 */
export class LiveConsole implements Reporter {
  readonly name = 'console';
  private readonly frame: ReturnType<typeof createLogUpdate>;
  private readonly refreshMs: number;
  private readonly now: () => number;
  private state: LiveState | undefined;
  private runDir: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pendingDraw: NodeJS.Timeout | undefined;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private ended = false;
  /** True while this view writes, so that its own writes pass the wrapped `write`s untouched. */
  private drawing = false;
  private readonly restoreWrites: Array<() => void> = [];
  private readonly endedTasks = new Set<string>();

  constructor(private readonly options: LiveConsoleOptions) {
    // The cursor is hidden on stdout by this class; log-update would hide it on process.stderr.
    this.frame = createLogUpdate(options.stdout, { showCursor: true });
    this.refreshMs = options.refreshMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  onRunStart(info: RunInfo): void {
    this.begin(info, info.runDir);
  }

  onEvent(event: RunEvent): void {
    // `onRunStart` comes first, live and in `report`'s replay; anything earlier has nothing to show on.
    if (this.ended || !this.state) return;
    this.state = reduceLiveState(this.state, event);
    if (event.type === 'task-end' && !this.endedTasks.has(event.taskId)) {
      this.endedTasks.add(event.taskId);
      const { messages, paint } = this.options;
      this.print(taskEndLines(event.result, event.done, event.total, messages, paint));
    }
  }

  onRunEnd(results: RunResults): void {
    this.end(results);
  }

  private begin(info: Pick<RunInfo, 'total' | 'concurrency' | 'startedAt'>, runDir: string): void {
    this.runDir = runDir;
    this.state = createLiveState(info);
    const { stdout, stderr } = this.options;
    this.write(HIDE_CURSOR);
    process.once('exit', this.showCursor);
    this.restoreWrites.push(this.wrapWrite(stdout));
    if (stderr?.isTTY && stderr !== stdout) this.restoreWrites.push(this.wrapWrite(stderr));
    this.print([this.options.paint.bold(this.options.messages.runStart(info.concurrency))]);
    this.timer = setInterval(() => this.drawSoon(), this.refreshMs);
    this.timer.unref();
  }

  /** Prints `lines` for good above the live area, and draws the area again below them. */
  private print(lines: string[]): void {
    this.own(() => this.frame.persist(lines.join('\n')));
    this.drawSoon();
  }

  /** Draws now, or, when the last draw was less than 100 ms ago, once that much time has passed. */
  private drawSoon(): void {
    const wait = this.lastDrawAt + MIN_DRAW_INTERVAL_MS - this.now();
    if (wait <= 0) {
      this.draw();
      return;
    }
    if (this.pendingDraw) return;
    this.pendingDraw = setTimeout(() => this.draw(), wait);
    this.pendingDraw.unref();
  }

  private draw(): void {
    clearTimeout(this.pendingDraw);
    this.pendingDraw = undefined;
    const state = this.state;
    if (!state || this.ended) return;
    this.lastDrawAt = this.now();
    const { stdout, liveMessages, paint } = this.options;
    const view = renderLiveView(state, {
      now: this.now(),
      columns: stdout.columns ?? 80,
      rows: stdout.rows ?? 24,
      messages: liveMessages,
      paint,
    });
    this.own(() => this.frame(view.join('\n')));
  }

  private end(results: RunResults): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    clearTimeout(this.pendingDraw);
    if (this.state) {
      this.own(() => this.frame.clear());
      for (const restore of this.restoreWrites.splice(0)) restore();
      this.showCursor();
      process.off('exit', this.showCursor);
    }
    const { messages, paint } = this.options;
    for (const line of runSummaryLines(results, this.runDir, messages, paint)) this.write(`${line}\n`);
  }

  private readonly showCursor = (): void => {
    this.write(SHOW_CURSOR);
  };

  /** Replaces `stream.write` with one that moves the live area out of the way; returns the undo. */
  private wrapWrite(stream: NodeJS.WriteStream): () => void {
    const original = stream.write;
    stream.write = ((...args: unknown[]) => {
      if (this.drawing) return Reflect.apply(original, stream, args) as boolean;
      this.own(() => this.frame.clear());
      const written = Reflect.apply(original, stream, args) as boolean;
      this.draw();
      return written;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  }

  private own(write: () => void): void {
    this.drawing = true;
    try {
      write();
    } finally {
      this.drawing = false;
    }
  }

  private write(text: string): void {
    this.own(() => this.options.stdout.write(text));
  }
}
