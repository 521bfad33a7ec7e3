import { join } from 'node:path';

/** `file` in the run directory; throws when `onRunStart` never said where that is. */
export function inRunDir(runDir: string | undefined, file: string): string {
  if (runDir === undefined) {
    throw new Error(`cannot write ${file}: the run directory is unknown (onRunStart was not called)`);
  }
  return join(runDir, file);
}
