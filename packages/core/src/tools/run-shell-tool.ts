import { z } from 'zod';
import type { Tool } from './tool.js';
import { toolFailure } from './tool-failure.js';
import { truncateMiddle } from './truncate-middle.js';

const defaultTimeoutMs = 120_000;
const maxTimeoutMs = 600_000;
/** About 8k tokens: enough for a test run's failures, small enough to keep the conversation usable. */
const maxOutputChars = 30_000;

const parameters = z.object({
  command: z
    .string()
    .min(1)
    .describe('Shell command to run in the workspace root, e.g. `npm test` or `ls -la src && git status`.'),
  timeout_ms: z
    .number()
    .int()
    .min(1)
    .max(maxTimeoutMs)
    .optional()
    .describe(`Time limit in milliseconds. Defaults to ${defaultTimeoutMs}; at most ${maxTimeoutMs}.`),
});

export const runShellTool: Tool<typeof parameters> = {
  name: 'run_shell',
  description:
    'Run a shell command with the workspace root as the working directory and return its exit code and ' +
    'combined stdout and stderr. There is no terminal and no input: interactive programs, watch modes and ' +
    'pagers will hang until the time limit. Background processes are stopped when the command finishes. ' +
    `Long output keeps its beginning and end (about ${maxOutputChars} characters).`,
  parameters,
  readOnly: false,
  async execute(args, context) {
    const label = `run_shell ${JSON.stringify(oneLine(args.command))}`;
    try {
      const timeoutMs = args.timeout_ms ?? defaultTimeoutMs;
      const result = await context.workspace.runCommand({ command: args.command, timeoutMs, signal: context.signal });
      const output = truncateMiddle(result.output, maxOutputChars) || '(no output)';
      if (result.timedOut) {
        return {
          isError: true,
          content: `Timed out after ${timeoutMs} ms; the command and its child processes were killed.\n\n${output}`,
          summary: `${label} → timed out`,
        };
      }
      if (result.exitCode !== undefined) {
        return { content: `Exit code ${result.exitCode}.\n\n${output}`, summary: `${label} → exit ${result.exitCode}` };
      }
      if (result.killedBy !== undefined) {
        return {
          content: `Killed by ${result.killedBy}.\n\n${output}`,
          summary: `${label} → killed by ${result.killedBy}`,
        };
      }
      // Neither an exit code nor a signal: the shell never started (missing workspace, out of memory…).
      return {
        isError: true,
        content: `The command could not be run: ${result.startError}`,
        summary: `${label} (failed)`,
      };
    } catch (error) {
      return toolFailure(error, { summary: `${label} (failed)`, signal: context.signal });
    }
  },
};

function oneLine(command: string): string {
  const flat = command.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
