/** A git command that failed; `message` holds what git said. */
export class GitError extends Error {
  constructor(args: readonly string[], output: string) {
    super(`git ${args.join(' ')} failed: ${output.trim() || 'no output'}`);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  cwd: string;
  /** For a repository kept apart from its files (`GIT_DIR`, `GIT_WORK_TREE`). */
  env?: Record<string, string>;
  /** Resolves with the exit code instead of rejecting when git fails. */
  allowFailure?: boolean;
}

/**
 * glibc hands freed memory back to the system at once; git's zlib allocates and frees a large
 * buffer per object, so `git add` of 10,000 files spent most of its time growing and shrinking
 * its heap (40,000 `brk` calls, 15 s on a virtual machine; 1.5 s with these). Ignored elsewhere.
 */
const keepFreedMemory = 'glibc.malloc.trim_threshold=67108864:glibc.malloc.top_pad=16777216';

/**
 * Runs git with nobody at the keyboard and without the user's hooks, signing or pager, and with a
 * fixed identity for the commits agentbatch makes.
 */
export async function git(
  args: readonly string[],
  options: GitOptions,
): Promise<{ stdout: string; output: string; exitCode: number }> {
  const fullArgs = [
    '-c',
    'user.name=agentbatch',
    '-c',
    'user.email=agentbatch@localhost',
    '-c',
    'commit.gpgsign=false',
    '-c',
    'core.autocrlf=false',
    '-c',
    'core.hooksPath=/dev/null',
    // No garbage collection started behind our back (a 10,000-file baseline would trigger one).
    '-c',
    'gc.auto=0',
    ...args,
  ];
  // Loaded when first used: a run without workspaces starts without execa's hundred modules.
  const { execa } = await import('execa');
  const result = await execa('git', fullArgs, {
    cwd: options.cwd,
    env: {
      GIT_TERMINAL_PROMPT: '0',
      ...(process.env.GLIBC_TUNABLES === undefined && { GLIBC_TUNABLES: keepFreedMemory }),
      ...options.env,
    },
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    all: true,
  });
  const exitCode = result.exitCode ?? -1;
  const output = String(result.all ?? result.shortMessage);
  if (exitCode !== 0 && !options.allowFailure) throw new GitError(args, output);
  return { stdout: String(result.stdout), output, exitCode };
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `action` after every earlier action on the same repository has finished: commands that
 * change a repository's shared state (worktrees, branches) must not race each other.
 */
export function oneAtATime<T>(repository: string, action: () => Promise<T>): Promise<T> {
  const previous = queues.get(repository) ?? Promise.resolve();
  const next = previous.then(action, action);
  const settled = next.catch(() => undefined);
  queues.set(repository, settled);
  void settled.then(() => {
    if (queues.get(repository) === settled) queues.delete(repository);
  });
  return next;
}
