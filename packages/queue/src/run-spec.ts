/**
 * What a worker needs to run a producer's tasks, kept in Redis for the run: the config file's
 * text with its `${VAR}`s unexpanded (each worker expands them from its own environment and
 * `.env`, so no API key passes through Redis) and the command-line overrides that shape a task.
 */
export interface RunSpec {
  specVersion: 1;
  runId: string;
  /** Absolute path of the config file, or of the task.json in the original system's mode. */
  configPath: string;
  /** The config file's text; absent for a task.json, whose providers come from each worker's variables. */
  configText?: string;
  /** Absolute path of the run folder; task workspaces (`run.workspace: copy`) live in it, so workers must see it at this path. */
  runDir: string;
  maxIterations?: number;
}
