import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

type Git = (args: string[]) => Promise<{ exitCode?: number; stdout: unknown }>;

/**
 * The workspace's changes against `base` (a commit or tree; HEAD by default), untracked files
 * included, when it is a git repository; undefined otherwise. Nothing in the repository is modified
 * (no `git add`).
 */
export async function gitDiff(dir: string, base = 'HEAD'): Promise<string | undefined> {
  const git = await gitRunner(dir);
  if (!git) return undefined;
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (inside.exitCode !== 0) return undefined;
  // --relative: every path from the task folder, like the untracked files below.
  const tracked = await git(['diff', '--no-color', '--relative', base, '--', '.']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.']);
  let patch = tracked.exitCode === 0 ? String(tracked.stdout) : '';
  for (const file of String(untracked.stdout).split('\0').filter(Boolean)) {
    // --no-index exits 1 when the files differ, which they always do here.
    const added = await git(['diff', '--no-color', '--no-index', '--', '/dev/null', file]);
    patch += String(added.stdout);
  }
  return patch;
}

/**
 * Where the workspace's repository is now, for a later `gitDiff` to show everything changed since,
 * what was committed meanwhile included: the HEAD commit, or the empty tree before the first
 * commit; undefined where there is no repository.
 */
export async function gitDiffBase(dir: string): Promise<string | undefined> {
  const git = await gitRunner(dir);
  if (!git) return undefined;
  // One process for both questions: this runs before every task in a repository.
  const found = await git(['rev-parse', '--is-inside-work-tree', '--verify', '-q', 'HEAD^{commit}']);
  const [inside, head] = String(found.stdout).split('\n');
  if (inside !== 'true') return undefined;
  if (found.exitCode === 0 && head) return head;
  // Not a fixed hash: a SHA-256 repository's empty tree has another.
  const emptyTree = await git(['hash-object', '-t', 'tree', '/dev/null']);
  return emptyTree.exitCode === 0 ? String(emptyTree.stdout).trim() : undefined;
}

/** Runs git in `dir`; undefined where no folder above it holds a repository. */
async function gitRunner(dir: string): Promise<Git | undefined> {
  // Starting a process blocks the event loop for milliseconds: ask git only where there is a repository.
  if (!insideGitRepository(dir)) return undefined;
  // Loaded here, not at start-up: most runs never get this far (and start commands through the spawner).
  const { execa } = await import('execa');
  return (args) => execa('git', args, { cwd: dir, reject: false, stripFinalNewline: false });
}

function insideGitRepository(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}
