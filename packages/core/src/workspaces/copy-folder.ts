import { cp, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Copies `source` into `target` (created), leaving out the folders in `exclude` (absolute paths,
 * e.g. the run folder when it lies inside the task's folder). On Linux and macOS this is the
 * system's `cp -a`, which is several times faster than copying file by file from Node, and on Linux
 * `--reflink=auto` makes the copy free on copy-on-write file systems (btrfs, XFS). Symbolic links
 * are copied as links, never followed. Modification times are kept (the baseline relies on them).
 */
export async function copyFolder(source: string, target: string, exclude: readonly string[] = []): Promise<void> {
  await mkdir(target, { recursive: true });
  const skipped = exclude.map((folder) => path.resolve(folder)).filter((folder) => isInside(source, folder));
  await copyLevel(path.resolve(source), target, skipped);
}

async function copyLevel(source: string, target: string, skipped: readonly string[]): Promise<void> {
  const entries = await readdir(source);
  const copied: string[] = [];
  for (const entry of entries) {
    const from = path.join(source, entry);
    if (skipped.includes(from)) continue;
    // An excluded folder deeper down: this level is copied entry by entry, that folder left out.
    if (skipped.some((folder) => isInside(from, folder))) {
      await copyLevel(from, path.join(target, entry), skipped);
      continue;
    }
    copied.push(entry);
  }
  if (copied.length === 0) {
    await mkdir(target, { recursive: true });
    return;
  }
  await mkdir(target, { recursive: true });
  await copyEntries(source, copied, target);
}

async function copyEntries(source: string, entries: readonly string[], target: string): Promise<void> {
  if (process.platform === 'win32') {
    for (const entry of entries) {
      await cp(path.join(source, entry), path.join(target, entry), {
        recursive: true,
        verbatimSymlinks: true,
        // The baseline tells unchanged files by their size and modification time.
        preserveTimestamps: true,
      });
    }
    return;
  }
  const reflink = process.platform === 'linux' ? ['--reflink=auto'] : [];
  // Entries are passed relative to `source` after `--`, so names starting with '-' are safe.
  const { execa } = await import('execa');
  await execa('cp', ['-a', ...reflink, '--', ...entries, target], { cwd: source, stdin: 'ignore' });
}

function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
