import { z } from 'zod';
import { readFileUpTo } from './fs-calls.js';
import { looksBinary } from './looks-binary.js';
import type { Tool } from './tool.js';
import { toolFailure } from './tool-failure.js';

const defaultLimit = 2000;
const maxLineChars = 2000;
/** Bounds one result even when every line is long; about 25k tokens. */
const maxOutputChars = 100_000;
/** Reading is whole-file; past this, grep or `run_shell` with sed serve the model better. */
const maxFileBytes = 32 * 1024 * 1024;

const parameters = z.object({
  path: z.string().describe('File to read, relative to the workspace root.'),
  offset: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Line number to start reading at, 1-based. Defaults to 1. Use it to page through large files.'),
  limit: z.number().int().min(1).optional().describe(`Maximum number of lines to return. Defaults to ${defaultLimit}.`),
});

export const readFileTool: Tool<typeof parameters> = {
  name: 'read_file',
  description:
    'Read a text file from the workspace. Lines are numbered like `cat -n` (number, tab, text); the ' +
    'numbers are not part of the file. Returns at most ' +
    `${defaultLimit} lines by default and cuts lines longer than ${maxLineChars} characters; use offset ` +
    'and limit to read further. Binary files are refused.',
  parameters,
  readOnly: true,
  async execute(args, context) {
    const offset = args.offset ?? 1;
    const limit = args.limit ?? defaultLimit;
    try {
      const file = await context.workspace.resolve(args.path);
      const shownPath = context.workspace.relative(file);
      const fail = (content: string) => ({ isError: true, content, summary: `read_file ${shownPath} (refused)` });

      const content = await readFileUpTo(file, maxFileBytes, context.signal);
      if (content.kind === 'directory') {
        return fail(`${shownPath} is a directory; use list_directory to see its entries.`);
      }
      if (content.kind === 'too-large') {
        return fail(
          `${shownPath} is too large to read (${content.size} bytes). Search it with grep, or show parts of it with ` +
            'run_shell (e.g. `sed -n 100,200p`).',
        );
      }
      const { bytes } = content;
      if (looksBinary(bytes)) return fail(`${shownPath} looks like a binary file (it contains NUL bytes); not shown.`);

      const lines = splitLines(bytes.toString('utf8'));
      if (lines.length === 0) return { content: `${shownPath} is empty.`, summary: `read_file ${shownPath} (empty)` };
      if (offset > lines.length) {
        return fail(`offset ${offset} is past the end of ${shownPath}, which has ${lines.length} lines.`);
      }

      const numbered: string[] = [];
      let outputChars = 0;
      let last = offset - 1;
      const end = Math.min(lines.length, offset - 1 + limit);
      for (let index = offset - 1; index < end; index++) {
        const line = formatLine(index + 1, lines[index] ?? '');
        // Always show at least one line, or a single huge line could never be read.
        if (numbered.length > 0 && outputChars + line.length > maxOutputChars) break;
        numbered.push(line);
        outputChars += line.length + 1;
        last = index + 1;
      }
      if (last < lines.length) {
        numbered.push(
          `[Showing lines ${offset}-${last} of ${lines.length}. To read more, call read_file with offset=${last + 1}.]`,
        );
      }
      return {
        content: numbered.join('\n'),
        summary: `read_file ${shownPath} (lines ${offset}-${last} of ${lines.length})`,
      };
    } catch (error) {
      return toolFailure(error, {
        summary: `read_file ${args.path} (failed)`,
        path: args.path,
        signal: context.signal,
      });
    }
  },
};

/** Lines without their terminators; a final newline does not start another (empty) line, as with `cat -n`. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function formatLine(lineNumber: number, text: string): string {
  const shown =
    text.length > maxLineChars
      ? `${text.slice(0, maxLineChars)} [... line truncated, ${text.length - maxLineChars} more characters]`
      : text;
  return `${String(lineNumber).padStart(6)}\t${shown}`;
}
