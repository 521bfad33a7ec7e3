import type { Reporter, RunInfo } from '../plugin/reporter.js';
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

  constructor(
    private readonly reporters: readonly NamedReporter[],
    private readonly masker: SecretMasker = noSecrets,
  ) {}

  async event(event: RunEvent): Promise<void> {
    const masked = this.masker.maskValue(event);
    if (masked.type === 'run-start') {
      const info = runInfoOf(masked);
      await this.each('onRunStart', (reporter) => reporter.onRunStart?.(info));
    }
    await this.each('onEvent', (reporter) => reporter.onEvent?.(masked));
    if (masked.type === 'run-end') await this.each('onRunEnd', (reporter) => reporter.onRunEnd?.(masked.results));
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
    for (const { name, reporter } of this.reporters) {
      if (this.failures.some((failure) => failure.name === name)) continue;
      try {
        await call(reporter);
      } catch (error) {
        this.failures.push({ name, hook, error });
      }
    }
  }
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
