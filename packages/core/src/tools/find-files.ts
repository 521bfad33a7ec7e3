import path from 'node:path';
import { ignoreGlobsFor } from './ignored-directories.js';
import { type Workspace, WorkspacePathError } from './workspace.js';

/**
 * Files under `directory` (a resolved path inside the workspace) matching `pattern`, as sorted
 * workspace-relative paths. Dot files are included; node_modules and .git are skipped unless the
 * pattern names them; symbolic links are not followed, because one link to `/` would otherwise
 * send the crawl over the whole disk (ripgrep does not follow them either).
 */
export async function findFiles(
  workspace: Workspace,
  directory: string,
  pattern: string,
  signal: AbortSignal,
): Promise<string[]> {
  const relativePattern = patternInside(pattern, directory);
  // Loaded with the first glob or grep, not at start-up: tinyglobby requires picomatch from disk.
  const { glob } = await import('tinyglobby');
  const matches = await glob(relativePattern, {
    cwd: directory,
    dot: true,
    followSymbolicLinks: false,
    ignore: ignoreGlobsFor(relativePattern),
    expandDirectories: false,
    signal,
  });
  return (await keepInside(workspace, directory, matches)).sort();
}

/**
 * The pattern relative to `directory`, or a `WorkspacePathError` when it reaches outside: tinyglobby
 * happily matches `../x` and absolute patterns. An absolute pattern inside `directory` is made relative.
 */
function patternInside(pattern: string, directory: string): string {
  let relative = pattern.trim();
  if (relative === '') throw new WorkspacePathError('The glob pattern is empty.', pattern);
  if (path.posix.isAbsolute(relative)) {
    const prefix = directory.endsWith('/') ? directory : `${directory}/`;
    if (!relative.startsWith(prefix)) {
      throw new WorkspacePathError(
        `Glob pattern ${JSON.stringify(pattern)} is outside the directory being searched. Use a relative pattern.`,
        pattern,
      );
    }
    relative = relative.slice(prefix.length);
  }
  if (relative.split('/').includes('..')) {
    throw new WorkspacePathError(
      `Glob pattern ${JSON.stringify(pattern)} contains "..". Patterns must stay inside the directory being ` +
        'searched; use the path parameter to search elsewhere in the workspace.',
      pattern,
    );
  }
  return relative;
}

/**
 * Workspace-relative forms of the matches that really lie inside the workspace. Links below the
 * crawl's start are not followed, but a pattern like `link/*` starts the crawl inside a linked
 * folder, so each distinct parent folder is checked, once; `directory` itself is the real path
 * the workspace resolved, so its own entries need no check.
 */
async function keepInside(workspace: Workspace, directory: string, matches: string[]): Promise<string[]> {
  const parentChecks = new Map<string, Promise<boolean>>([[directory, Promise.resolve(true)]]);
  const parentIsInside = (parent: string): Promise<boolean> => {
    let check = parentChecks.get(parent);
    if (check === undefined) {
      check = workspace.resolve(parent).then(
        () => true,
        () => false,
      );
      parentChecks.set(parent, check);
    }
    return check;
  };
  const kept = await Promise.all(
    matches.map(async (match) => {
      const absolute = path.resolve(directory, match);
      return (await parentIsInside(path.dirname(absolute))) ? workspace.relative(absolute) : undefined;
    }),
  );
  return kept.filter((match) => match !== undefined);
}
