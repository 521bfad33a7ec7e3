import type { Reporter, RunInfo } from '../plugin/reporter.js';
import type { RunEvent } from '../plugin/run-event.js';
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
 * Calls every reporter's hooks in order. A reporter that throws is not called again and its
 * failure is kept, so the run finishes, names it, and fails, instead of hanging or crashing.
 * Reporters see everything with the run's secrets masked, so neither the console nor a report
 * file (built-in or plugin) can show a key.
 */
export class ReporterHub {
  readonly failures: ReporterFailure[] = [];

  constructor(
    private readonly reporters: readonly NamedReporter[],
    private readonly masker: SecretMasker = noSecrets,
  ) {}

  runStart(info: RunInfo): Promise<void> {
    const masked = this.masker.maskValue(info);
    return this.each('onRunStart', (reporter) => reporter.onRunStart?.(masked));
  }

  event(event: RunEvent): Promise<void> {
    const masked = this.masker.maskValue(event);
    return this.each('onEvent', (reporter) => reporter.onEvent?.(masked));
  }

  runEnd(results: RunResults): Promise<void> {
    const masked = this.masker.maskValue(results);
    return this.each('onRunEnd', (reporter) => reporter.onRunEnd?.(masked));
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
