import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh real temp folder (symlinks resolved), deleted when the current test finishes. */
export async function makeTempDir(prefix = 'agentbatch-core-'): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
  // Retried: a folder that something (a git process, a log's last batch) still writes into fails with ENOTEMPTY.
  onTestFinished(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

/** Writes `files` (relative path → content) under `root`, creating folders; returns `root`. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<string> {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return root;
}
