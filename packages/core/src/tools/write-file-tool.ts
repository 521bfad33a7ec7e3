import path from 'node:path';
import { z } from 'zod';
import { errorCode } from './error-code.js';
import { mkdir, stat, writeFile } from './fs-calls.js';
import type { Tool } from './tool.js';
import { toolFailure } from './tool-failure.js';

const parameters = z.object({
  path: z.string().describe('File to write, relative to the workspace root. Missing parent directories are created.'),
  content: z.string().describe('The complete new content of the file.'),
});

export const writeFileTool: Tool<typeof parameters> = {
  name: 'write_file',
  description:
    'Create a file, or replace the whole content of an existing one, in the workspace. ' +
    'To change part of an existing file, prefer edit_file.',
  parameters,
  readOnly: false,
  async execute(args, context) {
    try {
      const file = await context.workspace.resolve(args.path);
      const shownPath = context.workspace.relative(file);
      const existed = await existingKind(file);
      if (existed === 'directory') {
        return { isError: true, content: `${shownPath} is a directory.`, summary: `write_file ${shownPath} (refused)` };
      }
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, args.content, { signal: context.signal });

      const lines = countLines(args.content);
      const lineWord = lines === 1 ? 'line' : 'lines';
      return {
        content: `${existed === 'file' ? 'Overwrote' : 'Created'} ${shownPath} (${lines} ${lineWord}).`,
        summary: `write_file ${shownPath} (${lines} ${lineWord})`,
      };
    } catch (error) {
      return toolFailure(error, {
        summary: `write_file ${args.path} (failed)`,
        path: args.path,
        signal: context.signal,
      });
    }
  },
};

async function existingKind(file: string): Promise<'file' | 'directory' | undefined> {
  try {
    return (await stat(file)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Lines as an editor counts them: a trailing newline ends the last line rather than starting one. */
function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
