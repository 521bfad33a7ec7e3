import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file under `dir` with a hash of its bytes, by path relative to `dir`; paths starting with
 * one of `leaveOut` (the run folder, git's own files) are left out. Two snapshots compared equal
 * mean a run left the folder exactly as it was.
 */
export function fileHashes(dir: string, leaveOut: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    const name = relative(dir, file);
    if (!entry.isFile() || leaveOut.some((prefix) => name.startsWith(prefix))) continue;
    files[name] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return files;
}
