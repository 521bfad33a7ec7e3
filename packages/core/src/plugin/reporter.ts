/**
 * The reporter contract. A reporter plugin is a module whose default export is a
 * `ReporterFactory`; it may also export `optionsSchema` (a zod schema) to validate its options.
 * Every hook is optional and may return a promise; the run waits for it, in order.
 * A hook that throws is reported by the reporter's name and fails the run.
 */
import type { RunEvent } from './run-event.js';
import type { RunResults } from './run-results.js';

export type Awaitable<T> = T | Promise<T>;

export interface RunInfo {
  runId: string;
  /** Absolute path of the run directory (`results.json`, `events.jsonl`, `report.md`…). */
  runDir: string;
  /** The config file the run came from, or the task file in the original system's mode. */
  configPath: string;
  total: number;
  concurrency: number;
  startedAt: string;
}

export interface Reporter {
  /** Shown in errors about this reporter. */
  name?: string;
  /** Called once before any task starts, just before `onEvent` receives `run-start`. */
  onRunStart?(info: RunInfo): Awaitable<void>;
  /**
   * Called for every event of the run, in order. `run-start` and `run-end` arrive here too, for
   * reporters that only log events; one that implements `onRunStart`/`onRunEnd` can ignore them.
   */
  onEvent?(event: RunEvent): Awaitable<void>;
  /** Called once with the final results (the object written to `results.json`), just after `onEvent` receives `run-end`. */
  onRunEnd?(results: RunResults): Awaitable<void>;
}

export interface ReporterContext {
  /** Folder of the config file, for resolving relative paths in options. */
  configDir: string;
  /** Where terminal output goes; reporters should write here rather than to `process.stdout`. */
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Reporters that write a file tell it here (absolute path), so `agentbatch report` can say what it wrote. */
  onFileWritten?(path: string): void;
}

export type ReporterFactory<Options = Record<string, unknown>> = (
  options: Options,
  context: ReporterContext,
) => Reporter;

/** Identity helper that gives a reporter plugin's factory its types. */
export function defineReporter<Options = Record<string, unknown>>(
  factory: ReporterFactory<Options>,
): ReporterFactory<Options> {
  return factory;
}
