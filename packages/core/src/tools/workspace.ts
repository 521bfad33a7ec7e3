import path from 'node:path';
import type { CommandSandbox } from '../process/command-sandbox.js';
import type { CommandResult } from '../process/run-command.js';
import { runCommandInSpawner } from '../process/run-in-spawner.js';
import { noSecrets, type SecretMasker } from '../secrets/secret-masker.js';
import { errorCode } from './error-code.js';
import { lstat, readlink, realpath } from './fs-calls.js';

/**
 * The folder a task's agents work in. Every path a tool receives goes through `resolve`, which
 * refuses anything that lands outside the folder, following symlinks.
 */
export interface Workspace {
  /** The workspace's real absolute path (symlinks resolved). */
  readonly root: string;
  /**
   * Resolve a model-supplied path (relative to the root, or absolute inside it) to a real absolute
   * path inside the workspace. Throws `WorkspacePathError` when it would leave the workspace.
   * The path need not exist yet (for writes); its deepest existing ancestor is checked instead.
   */
  resolve(path: string): Promise<string>;
  /** The workspace-relative form of an absolute path inside it, with `/` separators. */
  relative(absolutePath: string): string;
  /**
   * Runs a shell command in the root the way every agent-driven command runs (`run_shell`, `verify`,
   * plugin stages): under the run's sandbox, with the scrubbed environment.
   */
  runCommand(command: WorkspaceCommand): Promise<CommandResult>;
  /** Masks the run's secrets in text a model is about to receive. */
  mask(text: string): string;
}

export interface WorkspaceCommand {
  command: string;
  timeoutMs: number;
  /** Aborting it stops the command and its child processes. */
  signal: AbortSignal;
}

export interface WorkspaceOptions {
  /** How commands are confined (default: not at all). */
  sandbox?: CommandSandbox;
  /** The environment commands get (default: this process's); see `shellEnvironment`. */
  env?: NodeJS.ProcessEnv;
  masker?: SecretMasker;
}

/** A path a tool was given leads outside the workspace (or cannot be resolved safely). */
export class WorkspacePathError extends Error {
  readonly path: string;

  constructor(message: string, path: string) {
    super(message);
    this.name = 'WorkspacePathError';
    this.path = path;
  }
}

/** Linux gives up after 40 links too; a loop must not hang `resolve`. */
const maxSymlinkHops = 40;

/**
 * A workspace rooted at `root`. The root is resolved with realpath first so that every later
 * containment check compares real paths with real paths.
 *
 * This guards against the model wandering off (`../`, `/etc/passwd`, symlinks that point out); it
 * is not a sandbox: a path checked here can still be swapped for a symlink before it is used, and
 * commands are confined only by the workspace's `sandbox` (see `CommandSandbox`).
 */
export async function createWorkspace(root: string, options: WorkspaceOptions = {}): Promise<Workspace> {
  const realRoot = await realpath(path.resolve(root));
  const masker = options.masker ?? noSecrets;
  return {
    root: realRoot,
    resolve: (input) => resolveInside(realRoot, input),
    relative: (absolutePath) => toWorkspaceRelative(realRoot, absolutePath),
    runCommand: (command) =>
      runCommandInSpawner({
        ...command,
        cwd: realRoot,
        ...(options.sandbox && { sandbox: options.sandbox }),
        ...(options.env && { env: options.env }),
      }),
    mask: (text) => masker.mask(text),
  };
}

async function resolveInside(root: string, input: string): Promise<string> {
  if (input.includes('\0')) throw new WorkspacePathError(`Path ${JSON.stringify(input)} contains a NUL byte.`, input);
  const trimmed = input.trim();
  if (trimmed === '' || trimmed === '.') return root;

  const lexical = path.resolve(root, input);
  const real = await realpathAllowingMissing(lexical, input);
  if (isInside(root, real)) return real;

  if (!isInside(root, lexical)) {
    throw new WorkspacePathError(
      `Path ${JSON.stringify(input)} is outside the workspace. Use a path relative to the workspace root.`,
      input,
    );
  }
  throw new WorkspacePathError(
    `Path ${JSON.stringify(input)} leads outside the workspace through a symbolic link.`,
    input,
  );
}

/**
 * `realpath` for a path that may not exist yet: the deepest existing ancestor is resolved and the
 * missing tail appended. Dangling symlinks are followed by hand, because writing through one would
 * create its target, which may lie anywhere.
 */
async function realpathAllowingMissing(absolutePath: string, input: string): Promise<string> {
  const missing: string[] = [];
  let current = absolutePath;
  let hops = 0;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ELOOP') throw new WorkspacePathError(`Path ${JSON.stringify(input)} has a symlink loop.`, input);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
    if (await isSymlink(current)) {
      hops += 1;
      if (hops > maxSymlinkHops) {
        throw new WorkspacePathError(`Path ${JSON.stringify(input)} has too many levels of symbolic links.`, input);
      }
      // A relative link target is relative to the link's real folder, not to the path we were given.
      const target = await readlink(current);
      current = path.resolve(await realpath(path.dirname(current)), target);
      continue;
    }
    const parent = path.dirname(current);
    if (parent === current) return path.join(current, ...missing.reverse());
    missing.push(path.basename(current));
    current = parent;
  }
}

async function isSymlink(absolutePath: string): Promise<boolean> {
  try {
    return (await lstat(absolutePath)).isSymbolicLink();
  } catch {
    return false;
  }
}

function isInside(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}

function toWorkspaceRelative(root: string, absolutePath: string): string {
  const relative = path.relative(root, absolutePath);
  if (relative === '') return '.';
  return relative.split(path.sep).join('/');
}
