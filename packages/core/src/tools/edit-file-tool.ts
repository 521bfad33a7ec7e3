import { z } from 'zod';
import { readFile, writeFile } from './fs-calls.js';
import { looksBinary } from './looks-binary.js';
import type { Tool, ToolOutput } from './tool.js';
import { toolFailure } from './tool-failure.js';

const parameters = z.object({
  path: z.string().describe('File to edit, relative to the workspace root.'),
  old_string: z
    .string()
    .describe(
      'The exact text to replace, including whitespace and indentation. Without replace_all it must occur exactly ' +
        'once, so include enough surrounding lines to make it unique.',
    ),
  new_string: z.string().describe('The text to put in its place. Must differ from old_string.'),
  replace_all: z
    .boolean()
    .optional()
    .describe('Replace every occurrence of old_string instead of requiring exactly one. Defaults to false.'),
});

export const editFileTool: Tool<typeof parameters> = {
  name: 'edit_file',
  description:
    'Edit a file in the workspace by replacing an exact string with another. Read the file first; do not include ' +
    'the line numbers read_file shows. To create a file or rewrite it entirely, use write_file.',
  parameters,
  readOnly: false,
  async execute(args, context) {
    try {
      const file = await context.workspace.resolve(args.path);
      const shownPath = context.workspace.relative(file);
      const refuse = (content: string): ToolOutput => ({
        isError: true,
        content,
        summary: `edit_file ${shownPath} (refused)`,
      });

      if (args.old_string === '') {
        return refuse('old_string is empty. To create a file or replace all of its content, use write_file.');
      }
      if (args.old_string === args.new_string) return refuse('old_string and new_string are identical; nothing to do.');

      const bytes = await readFile(file, { signal: context.signal });
      if (looksBinary(bytes)) return refuse(`${shownPath} looks like a binary file (it contains NUL bytes).`);
      const text = bytes.toString('utf8');

      const { oldString, newString } = matchLineEndings(text, args.old_string, args.new_string);
      const occurrences = countOccurrences(text, oldString);
      if (occurrences === 0) {
        return refuse(
          `old_string was not found in ${shownPath}. It must match the file exactly, including whitespace and ` +
            'indentation; read the file again to copy the current text.',
        );
      }
      if (occurrences > 1 && args.replace_all !== true) {
        return refuse(
          `old_string occurs ${occurrences} times in ${shownPath}. Include more surrounding context to make it ` +
            'unique, or set replace_all to true to replace every occurrence.',
        );
      }

      const firstLine = lineNumberAt(text, text.indexOf(oldString));
      // split/join, not String.replace: the replacement must not interpret `$&`, `$1` and friends.
      const updated = text.split(oldString).join(newString);
      await writeFile(file, updated, { signal: context.signal });

      const replacements = `${occurrences} ${occurrences === 1 ? 'replacement' : 'replacements'}`;
      return {
        content: `Edited ${shownPath}: ${replacements}, the first at line ${firstLine}.`,
        summary: `edit_file ${shownPath} (${replacements})`,
      };
    } catch (error) {
      return toolFailure(error, {
        summary: `edit_file ${args.path} (failed)`,
        path: args.path,
        signal: context.signal,
      });
    }
  },
};

/**
 * Models write `\n` even when the file uses `\r\n`, and read_file does not show the `\r`. When the
 * text as given is absent but its CRLF form is present, edit the CRLF form and keep the file's style.
 */
function matchLineEndings(text: string, oldString: string, newString: string) {
  if (text.includes(oldString) || !oldString.includes('\n') || oldString.includes('\r'))
    return { oldString, newString };
  const crlf = (value: string) => value.replace(/\r?\n/g, '\r\n');
  if (!text.includes(crlf(oldString))) return { oldString, newString };
  return { oldString: crlf(oldString), newString: crlf(newString) };
}

function countOccurrences(text: string, search: string): number {
  let count = 0;
  for (let index = text.indexOf(search); index !== -1; index = text.indexOf(search, index + search.length)) count++;
  return count;
}

function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (
    let position = text.indexOf('\n');
    position !== -1 && position < index;
    position = text.indexOf('\n', position + 1)
  ) {
    line++;
  }
  return line;
}
