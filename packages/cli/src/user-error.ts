import { ConfigError } from '@agentbatch/core';
import { ExitCode } from './exit-codes.js';

/**
 * Prints a failure for a person: config mistakes as one clear message with no stack trace
 * (exit 2); anything else with its stack, since that is a bug to report (exit 1).
 */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream): number {
  if (ConfigError.isInstance(error)) {
    stderr.write(`agentbatch: ${error.message}\n`);
    return ExitCode.usage;
  }
  stderr.write(
    `agentbatch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return ExitCode.incomplete;
}
