/**
 * The pipeline stage contract. Each iteration of a task runs the configured stages in order
 * (default `[code, evaluate]`). A stage plugin is a module whose default export is a
 * `StageFactory`; it may also export `optionsSchema` (a zod schema) for its options.
 */
import type { Verdict } from './run-results.js';

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

export interface StageContext {
  readonly task: StageTask;
  /** From 1. */
  readonly iteration: number;
  readonly signal: AbortSignal;
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

export interface Stage {
  name: string;
  /** Runs once per iteration, after the stages before it. */
  run(context: StageContext): Promise<StageResult | undefined>;
}

export interface StageFactoryContext {
  configDir: string;
}

export type StageFactory<Options = Record<string, unknown>> = (options: Options, context: StageFactoryContext) => Stage;

/** Identity helper that gives a stage plugin's factory its types. */
export function defineStage<Options = Record<string, unknown>>(factory: StageFactory<Options>): StageFactory<Options> {
  return factory;
}
