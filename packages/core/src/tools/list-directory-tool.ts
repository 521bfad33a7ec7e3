import path from 'node:path';
import { z } from 'zod';
import { readdir, stat } from './fs-calls.js';
import type { Tool } from './tool.js';
import { toolFailure } from './tool-failure.js';

/** Enough to see any sensible folder; a bigger listing only burns context. */
const maxEntries = 1000;

const parameters = z.object({
  path: z
    .string()
    .optional()
    .describe('Directory to list, relative to the workspace root. Defaults to the workspace root.'),
});

export const listDirectoryTool: Tool<typeof parameters> = {
  name: 'list_directory',
  description:
    'List the entries of a directory in the workspace, sorted by name. Directories end with `/`. ' +
    `At most ${maxEntries} entries are shown; use glob to search deeper.`,
  parameters,
  readOnly: true,
  async execute(args, context) {
    const displayPath = args.path?.trim() || '.';
    try {
      const directory = await context.workspace.resolve(args.path ?? '');
      const shownPath = context.workspace.relative(directory);
      const entries = await readdir(directory);
      const names = await Promise.all(
        entries.map(async (entry) => {
          const isDirectory =
            entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectoryTarget(directory, entry.name)));
          return isDirectory ? `${entry.name}/` : entry.name;
        }),
      );
      // Default sort compares UTF-16 code units: the same order on every machine, whatever the locale.
      names.sort();

      const summary = `list_directory ${shownPath} (${names.length} ${names.length === 1 ? 'entry' : 'entries'})`;
      if (names.length === 0) return { content: `${shownPath} is empty.`, summary };
      const shown = names.slice(0, maxEntries);
      const hidden = names.length - shown.length;
      if (hidden > 0) {
        shown.push(`[... ${hidden} more entries not shown; use glob with a narrower pattern to find them ...]`);
      }
      return { content: shown.join('\n'), summary };
    } catch (error) {
      return toolFailure(error, {
        summary: `list_directory ${displayPath} (failed)`,
        path: displayPath,
        signal: context.signal,
      });
    }
  },
};

/** A symlink counts as a directory when its target is one; a dangling link is just a name. */
async function isDirectoryTarget(directory: string, name: string): Promise<boolean> {
  try {
    return (await stat(path.join(directory, name))).isDirectory();
  } catch {
    return false;
  }
}
