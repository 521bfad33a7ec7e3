/**
 * The pipeline stage contract. Each iteration of a task runs the configured stages in order
 * (default `[code, evaluate]`). A stage plugin is a module whose default export is a
 * `StageFactory`; it may also export `optionsSchema` (a zod schema) for its options.
 */
import type { CommandResult } from '../process/run-command.js';
import type { Verdict } from './run-results.js';

export type { CommandResult };

export interface StageTask {
  id: string;
  index: number;
  /** Absolute path of the task's workspace. */
  dir: string;
  prompt: string;
}

/** Something a stage found that the evaluator should see, e.g. a test command's output. */
export interface StageReport {
  stage: string;
  title: string;
  content: string;
  exitCode?: number;
}

export interface CoderTurn {
  /** The coder's final text reply of this turn. */
  reply: string;
  /** One line per tool call the coder made this turn. */
  toolCalls: string[];
}

export interface StageAgents {
  /** Runs the coder on this iteration's instruction (the task prompt first, then the evaluator's next prompt). */
  runCoder(): Promise<CoderTurn>;
  /** Runs the evaluator on what the coder did and the reports so far, and returns its verdict. */
  runEvaluator(): Promise<Verdict>;
}

/** The folder the task's agents work in, and the way to run commands there. */
export interface StageWorkspace {
  /** Absolute real path. */
  readonly root: string;
  /**
   * Runs a shell command in the workspace exactly as the coder's `run_shell` does: under
   * `run.sandbox`, with an environment holding no API key or secret-looking variable, in its own
   * process group (stopped with its children on time-out or abort).
   */
  runCommand(command: { command: string; timeoutMs: number; signal: AbortSignal }): Promise<CommandResult>;
  /** Masks the run's secrets in text meant for a model or a report. */
  mask(text: string): string;
}

/** What a stage tells reporters, as a `stage-note` event of this task and iteration. */
export interface StageNote {
  /** One short line a reporter can print. */
  message: string;
  data?: Record<string, unknown>;
}

/** What a stage's task-level hooks receive: the task and its workspace, no agents. */
export interface StageTaskContext {
  readonly task: StageTask;
  readonly workspace: StageWorkspace;
  readonly signal: AbortSignal;
  /** Shows `note` to the reporters and writes it to `events.jsonl`. */
  emit(note: StageNote): void;
}

export interface StageContext extends StageTaskContext {
  /** From 1. */
  readonly iteration: number;
  readonly agents: StageAgents;
  /** Reports added by earlier stages of this iteration. */
  readonly reports: readonly StageReport[];
  /** Hands a report to the evaluator of this iteration. */
  report(report: StageReport): void;
}

export interface StageResult {
  /** A verdict ends the iteration's decision: `continue` iterates again, anything else ends the task. */
  verdict?: Verdict;
}

/**
 * A stage is a name and optional hooks. Each hook is announced by `stage-start` and `stage-end`
 * events; a hook that throws ends the task with status `error`.
 */
export interface Stage {
  name: string;
  /** Runs when the task starts (again when a resumed task continues), before its first iteration. */
  taskStart?(context: StageTaskContext): Promise<void>;
  /** Runs once per iteration, after the stages before it. */
  run?(context: StageContext): Promise<StageResult | undefined>;
  /** Runs after the task's last iteration, whatever the verdict, unless the task was stopped (interrupt, time limit). */
  taskEnd?(context: StageTaskContext): Promise<void>;
}

export interface StageFactoryContext {
  configDir: string;
}

export type StageFactory<Options = Record<string, unknown>> = (options: Options, context: StageFactoryContext) => Stage;

/** Identity helper that gives a stage plugin's factory its types. */
export function defineStage<Options = Record<string, unknown>>(factory: StageFactory<Options>): StageFactory<Options> {
  return factory;
}
