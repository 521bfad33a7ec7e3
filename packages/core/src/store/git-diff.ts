import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The workspace's changes against HEAD, untracked files included, when it is a git repository;
 * undefined otherwise. Nothing in the repository is modified (no `git add`).
 */
export async function gitDiff(dir: string): Promise<string | undefined> {
  // Starting a process blocks the event loop for milliseconds: ask git only where there is a repository.
  if (!insideGitRepository(dir)) return undefined;
  // Loaded here, not at start-up: most runs never get this far (and start commands through the spawner).
  const { execa } = await import('execa');
  const git = (args: string[]) => execa('git', args, { cwd: dir, reject: false, stripFinalNewline: false });
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (inside.exitCode !== 0) return undefined;
  // --relative: every path from the task folder, like the untracked files below.
  const tracked = await git(['diff', '--no-color', '--relative', 'HEAD', '--', '.']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.']);
  let patch = tracked.exitCode === 0 ? String(tracked.stdout) : '';
  for (const file of String(untracked.stdout).split('\0').filter(Boolean)) {
    // --no-index exits 1 when the files differ, which they always do here.
    const added = await git(['diff', '--no-color', '--no-index', '--', '/dev/null', file]);
    patch += String(added.stdout);
  }
  return patch;
}

function insideGitRepository(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}
