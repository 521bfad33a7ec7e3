import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { ConfigError } from '../config/config-error.js';

/**
 * Makes sure run folders can be written in `outDir` (creating it if needed) before anything is
 * spent: a file in its place or a folder without write permission is a config error naming it,
 * not a crash after the first model calls.
 */
export function ensureOutDir(outDir: string): void {
  const fix = 'choose another with --out-dir or run.outDir';
  let problem: string | undefined;
  try {
    if (existsSync(outDir) && !statSync(outDir).isDirectory()) problem = 'it is a file, not a folder';
    else {
      mkdirSync(outDir, { recursive: true });
      accessSync(outDir, constants.W_OK | constants.X_OK);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') problem = 'it, or a folder above it, is a file';
    else if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') problem = 'it is not writable';
    else problem = (error as Error).message;
  }
  if (problem) throw new ConfigError(`cannot write run folders in ${outDir}: ${problem}; ${fix}`);
}
