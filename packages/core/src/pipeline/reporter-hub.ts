import type { Awaitable, Reporter, RunInfo } from '../plugin/reporter.js';
import type { RunEvent, RunStartEvent } from '../plugin/run-event.js';
import type { RunResults } from '../plugin/run-results.js';
import { noSecrets, type SecretMasker } from '../secrets/secret-masker.js';

export interface NamedReporter {
  name: string;
  reporter: Reporter;
}

export interface ReporterFailure {
  name: string;
  hook: string;
  error: unknown;
}

/**
 * Calls every reporter's hooks in order. The events are the one source of the run's moments:
 * `run-start` calls `onRunStart` (before `onEvent`), `run-end` calls `onRunEnd` (after it), so a
 * reporter sees each moment once, live and in `report`'s replay alike.
 *
 * A reporter that throws is not called again and its failure is kept, so the run finishes,
 * names it, and fails, instead of hanging or crashing. Reporters see everything with the run's
 * secrets masked, so neither the console nor a report file (built-in or plugin) can show a key.
 */
export class ReporterHub {
  readonly failures: ReporterFailure[] = [];
  private readonly failed = new Set<string>();

  constructor(
    private readonly reporters: readonly NamedReporter[],
    private readonly masker: SecretMasker = noSecrets,
  ) {}

  /**
   * Delivers one event to every reporter. Returns a promise only when a hook returned one (an async
   * reporter): a run delivers a few events per model call, and synchronous reporters (the console)
   * should not cost a promise and a turn of the microtask queue each.
   */
  event(event: RunEvent): Awaitable<void> {
    const masked = this.masker.maskValue(event);
    if (masked.type === 'run-start') {
      const info = runInfoOf(masked);
      return this.each('onRunStart', (reporter) => reporter.onRunStart?.(info)).then(() =>
        this.each('onEvent', (reporter) => reporter.onEvent?.(masked)),
      );
    }
    if (masked.type === 'run-end') {
      return this.each('onEvent', (reporter) => reporter.onEvent?.(masked)).then(() =>
        this.each('onRunEnd', (reporter) => reporter.onRunEnd?.(masked.results)),
      );
    }
    return this.eachSoon('onEvent', (reporter) => reporter.onEvent?.(masked));
  }

  /**
   * Plays a recorded run to the reporters, ending it with `results` (what `results.json` says now):
   * in place of the recorded `run-end`'s, or after the last event of a run that never wrote one.
   */
  async replay(events: readonly RunEvent[], results: RunResults): Promise<void> {
    for (const event of events) await this.event(event.type === 'run-end' ? { ...event, results } : event);
    if (!events.some((event) => event.type === 'run-end')) {
      await this.event({ type: 'run-end', time: results.endedAt, results });
    }
  }

  private async each(hook: string, call: (reporter: Reporter) => unknown): Promise<void> {
    await this.eachSoon(hook, call);
  }

  /** Calls `hook` on each reporter in order, waiting only for hooks that return a promise. */
  private eachSoon(hook: string, call: (reporter: Reporter) => unknown, from = 0): Awaitable<void> {
    for (let index = from; index < this.reporters.length; index++) {
      const { name, reporter } = this.reporters[index] as NamedReporter;
      if (this.failed.has(name)) continue;
      try {
        const result = call(reporter);
        if (isThenable(result)) return this.awaitHook(result, name, hook, call, index + 1);
      } catch (error) {
        this.fail(name, hook, error);
      }
    }
  }

  private async awaitHook(
    result: PromiseLike<unknown>,
    name: string,
    hook: string,
    call: (reporter: Reporter) => unknown,
    next: number,
  ): Promise<void> {
    try {
      await result;
    } catch (error) {
      this.fail(name, hook, error);
    }
    await this.eachSoon(hook, call, next);
  }

  private fail(name: string, hook: string, error: unknown): void {
    this.failures.push({ name, hook, error });
    this.failed.add(name);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

function runInfoOf(event: RunStartEvent): RunInfo {
  return {
    runId: event.runId,
    runDir: event.runDir,
    configPath: event.configPath ?? '',
    total: event.total,
    concurrency: event.concurrency,
    startedAt: event.startedAt ?? event.time,
  };
}
