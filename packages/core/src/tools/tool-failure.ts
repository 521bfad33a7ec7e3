import { errorCode } from './error-code.js';
import type { ToolOutput } from './tool.js';
import { WorkspacePathError } from './workspace.js';

export interface ToolFailureOptions {
  /** The one-line summary for people, e.g. `read_file src/a.ts (failed)`. */
  summary: string;
  /** The path as the model gave it, so messages never show the absolute path of the workspace. */
  path?: string;
  signal: AbortSignal;
}

/**
 * Turn an error from a tool's work into an error result the model can act on. Once the run is
 * cancelled the error is rethrown instead: nobody will read the result, and the agent loop must stop.
 */
export function toolFailure(error: unknown, options: ToolFailureOptions): ToolOutput {
  if (options.signal.aborted) throw error;
  return { isError: true, content: describeError(error, options.path), summary: options.summary };
}

export function describeError(error: unknown, displayPath: string | undefined): string {
  if (error instanceof WorkspacePathError) return error.message;
  const where = displayPath === undefined ? '' : `: ${displayPath === '' ? '.' : displayPath}`;
  switch (errorCode(error)) {
    case 'ENOENT':
      return `No such file or directory${where}`;
    case 'EISDIR':
      return `Is a directory${where}`;
    case 'ENOTDIR':
      return `Not a directory${where}`;
    case 'EACCES':
    case 'EPERM':
      return `Permission denied${where}`;
  }
  return error instanceof Error ? error.message : String(error);
}
