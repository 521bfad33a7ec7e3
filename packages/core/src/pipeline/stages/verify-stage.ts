import { z } from 'zod';
import { parseDuration } from '../../config/duration.js';
import type { Stage } from '../../plugin/stage.js';
import { truncateMiddle } from '../../tools/truncate-middle.js';

export const verifyOptionsSchema = z.strictObject({
  command: z.string().min(1).describe('Shell command run in the task workspace, e.g. npm test'),
  timeout: z
    .union([z.string(), z.number()])
    .default('10m')
    .refine((value) => parseDuration(value) !== undefined, {
      message: 'timeout must be a duration such as 90s or 10m',
    }),
  maxOutputChars: z.number().int().positive().default(20_000),
});

export type VerifyOptions = z.input<typeof verifyOptionsSchema>;

/**
 * Runs a command (typically the test suite) in the workspace and hands its exit code and output
 * to the evaluator, so the verdict rests on what really ran rather than on the coder's word.
 */
export function verifyStage(input: VerifyOptions): Stage {
  const options = verifyOptionsSchema.parse(input);
  const timeout = parseDuration(options.timeout) ?? 600_000;
  return {
    name: 'verify',
    async run(context) {
      // Model-written code runs here, so it gets the same sandbox and scrubbed environment as run_shell.
      const result = await context.workspace.runCommand({
        command: options.command,
        timeoutMs: timeout,
        signal: context.signal,
      });
      const status = result.timedOut
        ? `timed out after ${timeout} ms; the command and its child processes were killed`
        : result.startError;
      context.report({
        stage: 'verify',
        title: options.command,
        content: context.workspace.mask(
          [status, truncateMiddle(result.output, options.maxOutputChars)].filter(Boolean).join('\n'),
        ),
        exitCode: result.exitCode ?? -1,
      });
      return undefined;
    },
  };
}
