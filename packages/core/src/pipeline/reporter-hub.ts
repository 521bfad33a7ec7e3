import type { Reporter, RunInfo } from '../plugin/reporter.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults } from '../plugin/run-results.js';

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
 * Calls every reporter's hooks in order. A reporter that throws is not called again and its
 * failure is kept, so the run finishes, names it, and fails, instead of hanging or crashing.
 */
export class ReporterHub {
  readonly failures: ReporterFailure[] = [];

  constructor(private readonly reporters: readonly NamedReporter[]) {}

  runStart(info: RunInfo): Promise<void> {
    return this.each('onRunStart', (reporter) => reporter.onRunStart?.(info));
  }

  event(event: RunEvent): Promise<void> {
    return this.each('onEvent', (reporter) => reporter.onEvent?.(event));
  }

  runEnd(results: RunResults): Promise<void> {
    return this.each('onRunEnd', (reporter) => reporter.onRunEnd?.(results));
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
