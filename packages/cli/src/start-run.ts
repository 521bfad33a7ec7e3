import { resolve } from 'node:path';
import {
  type AgentbatchConfigInput,
  executeRun,
  type LoadedConfig,
  loadConfig,
  loadConfigObject,
  prepareRun,
  type RunEvent,
  type RunOverrides,
  type RunResults,
  seedConfig,
} from '@agentbatch/core';
import { type Observable, ReplaySubject } from 'rxjs';
import { builtins } from './builtins.js';
import { eachValue } from './each-value.js';

export interface StartRunOptions {
  /** Aborting it cancels the run as Ctrl-C does: no new tasks, in-flight calls and commands stopped, results still written. */
  signal?: AbortSignal;
  /** Where a config path and an inline config's relative paths (tasks, outDir) are resolved; default `process.cwd()`. */
  cwd?: string;
  /** Where `${VAR}`s in the config come from (and `.env` beside it goes); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** What the CLI's flags override: `concurrency`, `maxIterations`, `outDir`, `only`, `reporters`. */
  overrides?: RunOverrides;
  /** Where the console reporter writes; default the process's own streams. */
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

export interface RunHandle {
  /** Every `RunEvent` of the run, in order; a late subscriber gets the events so far first. Completes when the run ends. */
  readonly events$: Observable<RunEvent>;
  /** The same events as an async iterable, for `for await` without RxJS. */
  readonly events: AsyncIterable<RunEvent>;
  /** The run's results, as written to `results.json`; rejects on a bad config with the error the CLI prints. */
  readonly results: Promise<RunResults>;
}

/**
 * Starts a batch from code, as `agentbatch run` does, with the built-in providers, reporters and
 * stages available by name. `config` is a path to `agentbatch.yaml` (or a `task.json` in the
 * original system's mode), or a config object (see `defineConfig`).
 */
export function startRun(config: string | AgentbatchConfigInput, options: StartRunOptions = {}): RunHandle {
  const events$ = new ReplaySubject<RunEvent>();
  const results = run(config, options, events$).then(
    (value) => {
      events$.complete();
      return value;
    },
    (error: unknown) => {
      events$.error(error);
      throw error;
    },
  );
  // Whoever only iterates the events still sees the failure there; the promise must not count as unhandled.
  results.catch(() => undefined);
  return { events$: events$.asObservable(), events: eachValue(events$), results };
}

function loadFrom(config: string | AgentbatchConfigInput, cwd: string, env: NodeJS.ProcessEnv): LoadedConfig {
  if (typeof config !== 'string') return loadConfigObject(config, cwd, env);
  const path = resolve(cwd, config);
  return path.endsWith('.json') ? seedConfig(path, env) : loadConfig(path, env);
}

async function run(
  config: string | AgentbatchConfigInput,
  options: StartRunOptions,
  events$: ReplaySubject<RunEvent>,
): Promise<RunResults> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const loaded = loadFrom(config, cwd, options.env ?? process.env);
  const prepared = await prepareRun(loaded, builtins, options.overrides ?? {}, {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
  });
  prepared.reporters.push({ name: 'startRun', reporter: { onEvent: (event) => events$.next(event) } });
  const outcome = await executeRun(prepared, { signal: options.signal ?? new AbortController().signal });
  return outcome.results;
}
