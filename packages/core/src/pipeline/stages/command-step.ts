import { z } from 'zod';
import { parseDuration } from '../../config/duration.js';
import type { CommandResult, StageTaskContext } from '../../plugin/stage.js';
import { truncateMiddle } from '../../tools/truncate-middle.js';

/** The time limit option of stages that run commands. */
export const commandTimeout = z
  .union([z.string(), z.number()])
  .default('10m')
  .refine((value) => parseDuration(value) !== undefined, {
    message: 'timeout must be a duration such as 90s or 10m',
  });

export interface CommandStep {
  result: CommandResult;
  /** Why it failed to run to an exit code (time limit, could not start), if it did. */
  problem: string | undefined;
  /** The problem and the output, cut to `maxOutputChars` in the middle, secrets masked. */
  content: string;
  passed: boolean;
}

/** Runs a command of a stage in the workspace, through the sandbox the agents' commands get. */
export async function runCommandStep(
  context: Pick<StageTaskContext, 'workspace' | 'signal'>,
  command: string,
  limits: { timeoutMs: number; maxOutputChars: number },
): Promise<CommandStep> {
  const result = await context.workspace.runCommand({ command, timeoutMs: limits.timeoutMs, signal: context.signal });
  const problem = result.timedOut
    ? `timed out after ${limits.timeoutMs} ms; the command and its child processes were killed`
    : result.startError;
  const output = [problem, truncateMiddle(result.output, limits.maxOutputChars)].filter(Boolean).join('\n');
  // The output goes to the evaluator model and the reports: a secret the command printed is masked.
  const content = context.workspace.mask(output);
  return { result, problem, content, passed: result.exitCode === 0 && !result.timedOut };
}
