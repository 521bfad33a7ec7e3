import { z } from 'zod';
import { parseDuration } from '../../config/duration.js';
import type { Stage, StageTaskContext } from '../../plugin/stage.js';
import { commandTimeout, runCommandStep } from './command-step.js';
import { lastLines } from './last-lines.js';
import { StageFailure } from './stage-failure.js';

export const shellOptionsSchema = z.strictObject({
  command: z.string().min(1).describe('Shell command run in the task workspace, e.g. npm ci'),
  when: z
    .enum(['task-start', 'iteration', 'task-end'])
    .default('iteration')
    .describe(
      'task-start: once before the first iteration (a failure ends the task); iteration: at its place in every iteration (its output goes to the evaluator); task-end: after the last iteration',
    ),
  timeout: commandTimeout,
  maxOutputChars: z.number().int().positive().default(20_000),
});

export type ShellOptions = z.input<typeof shellOptionsSchema>;

/**
 * Runs a command in the workspace: set-up before the task (`npm ci`), a step in every iteration
 * (a formatter, a build whose output the evaluator should see), or clean-up after the task. Each
 * run is shown to the reporters as a note with its exit code.
 */
export function shellStage(input: ShellOptions): Stage {
  const options = shellOptionsSchema.parse(input);
  const limits = { timeoutMs: parseDuration(options.timeout) ?? 600_000, maxOutputChars: options.maxOutputChars };
  const run = async (context: StageTaskContext) => {
    const started = Date.now();
    const step = await runCommandStep(context, options.command, limits);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const outcome = step.problem ?? `exited with ${step.result.exitCode}`;
    context.emit({
      message: `${options.command}: ${outcome} (${seconds}s)`,
      data: { command: options.command, exitCode: step.result.exitCode ?? null, timedOut: step.result.timedOut },
    });
    return step;
  };
  const stage: Stage = { name: 'shell' };
  if (options.when === 'task-start') {
    stage.taskStart = async (context) => {
      const step = await run(context);
      if (!step.passed) {
        const outcome = step.problem ?? `exited with ${step.result.exitCode}`;
        throw new StageFailure('shell', `set-up command "${options.command}" ${outcome}:\n${lastLines(step.content)}`);
      }
    };
  } else if (options.when === 'task-end') {
    stage.taskEnd = async (context) => {
      await run(context);
    };
  } else {
    stage.run = async (context) => {
      const step = await run(context);
      context.report({
        stage: 'shell',
        title: options.command,
        content: step.content,
        exitCode: step.result.exitCode ?? -1,
      });
      return undefined;
    };
  }
  return stage;
}
