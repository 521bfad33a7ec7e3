import { z } from 'zod';
import { findFiles } from './find-files.js';
import { stat } from './fs-calls.js';
import type { Tool } from './tool.js';
import { toolFailure } from './tool-failure.js';

const maxResults = 1000;

const parameters = z.object({
  pattern: z.string().describe('Glob pattern matched against file paths, e.g. `**/*.ts` or `src/**/*.{js,jsx}`.'),
  path: z
    .string()
    .optional()
    .describe('Directory to search in, relative to the workspace root. Defaults to the workspace root.'),
});

export const globTool: Tool<typeof parameters> = {
  name: 'glob',
  description:
    'Find files in the workspace whose paths match a glob pattern. The pattern is relative to `path`; results ' +
    'are workspace-relative paths, sorted. Dot files are included; node_modules and .git are skipped unless the ' +
    `pattern names them; symbolic links are not followed. At most ${maxResults} paths are shown.`,
  parameters,
  readOnly: true,
  async execute(args, context) {
    const quoted = JSON.stringify(args.pattern);
    try {
      const directory = await context.workspace.resolve(args.path ?? '');
      // tinyglobby finds nothing in a missing folder or a file; the model should hear why.
      if (!(await stat(directory)).isDirectory()) {
        return { isError: true, content: `Not a directory: ${args.path ?? '.'}`, summary: `glob ${quoted} (failed)` };
      }
      const files = await findFiles(context.workspace, directory, args.pattern, context.signal);

      const summary = `glob ${quoted} → ${files.length} ${files.length === 1 ? 'file' : 'files'}`;
      if (files.length === 0) return { content: `No files match ${quoted}.`, summary };
      const shown = files.slice(0, maxResults);
      if (files.length > maxResults) {
        shown.push(`[... ${files.length - maxResults} more files not shown; use a narrower pattern or path ...]`);
      }
      return { content: shown.join('\n'), summary };
    } catch (error) {
      return toolFailure(error, { summary: `glob ${quoted} (failed)`, path: args.path, signal: context.signal });
    }
  },
};
