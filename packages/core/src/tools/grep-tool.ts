import path from 'node:path';
import { z } from 'zod';
import { findFiles } from './find-files.js';
import { readFileUpTo, stat } from './fs-calls.js';
import { looksBinary } from './looks-binary.js';
import type { Tool, ToolOutput } from './tool.js';
import { toolFailure } from './tool-failure.js';

const maxMatches = 200;
const maxLineChars = 500;
/** How much of a long line to keep before the match, so the match itself is visible. */
const contextBeforeMatch = 100;
/** Bigger files are generated data or logs; reading them whole would stall the search. */
const maxFileBytes = 8 * 1024 * 1024;
/** Files read at once: enough to hide disk latency without opening thousands of handles. */
const readConcurrency = 32;

const parameters = z.object({
  pattern: z
    .string()
    .describe('JavaScript regular expression to search for, e.g. `function\\s+main` or `TODO|FIXME`. Case-sensitive.'),
  path: z
    .string()
    .optional()
    .describe('File or directory to search, relative to the workspace root. Defaults to the workspace root.'),
  include: z
    .string()
    .optional()
    .describe(
      'Glob selecting which files to search, e.g. `*.ts` (any depth) or `src/**/*.{ts,tsx}`. Defaults to all files.',
    ),
});

export const grepTool: Tool<typeof parameters> = {
  name: 'grep',
  description:
    'Search file contents in the workspace with a JavaScript regular expression. Prints matching lines as ' +
    '`path:line: text`. Binary files, node_modules and .git are skipped; symbolic links are not followed. ' +
    `Stops after ${maxMatches} matches.`,
  parameters,
  readOnly: true,
  async execute(args, context) {
    const quoted = JSON.stringify(args.pattern);
    const failureSummary = `grep ${quoted} (failed)`;
    let regex: RegExp;
    try {
      regex = new RegExp(args.pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { isError: true, content: `Invalid regular expression: ${reason}`, summary: failureSummary };
    }

    try {
      const target = await context.workspace.resolve(args.path ?? '');
      const files = (await stat(target)).isDirectory()
        ? await findFiles(context.workspace, target, includePattern(args.include), context.signal)
        : [context.workspace.relative(target)];
      return await search(files, regex, quoted, context.workspace.root, context.signal);
    } catch (error) {
      return toolFailure(error, { summary: failureSummary, path: args.path, signal: context.signal });
    }
  },
};

/** `*.ts` means "TypeScript files anywhere", as with `rg --glob`; a pattern with a `/` is taken as is. */
function includePattern(include: string | undefined): string {
  const trimmed = include?.trim();
  if (!trimmed) return '**/*';
  return trimmed.includes('/') ? trimmed : `**/${trimmed}`;
}

async function search(
  files: string[],
  regex: RegExp,
  quoted: string,
  root: string,
  signal: AbortSignal,
): Promise<ToolOutput> {
  const lines: string[] = [];
  const filesWithMatches = new Set<string>();
  let tooLarge = 0;
  let stopped = false;

  for (let start = 0; start < files.length && !stopped; start += readConcurrency) {
    signal.throwIfAborted();
    const batch = files.slice(start, start + readConcurrency);
    const texts = await Promise.all(batch.map((file) => readText(path.join(root, file))));
    for (const [index, file] of batch.entries()) {
      const read = texts[index];
      if (read?.kind === 'too-large') tooLarge++;
      if (read?.kind !== 'text') continue;
      for (const [lineIndex, line] of read.text.split(/\r?\n/).entries()) {
        const match = regex.exec(line);
        if (match === null) continue;
        if (lines.length === maxMatches) {
          stopped = true;
          break;
        }
        filesWithMatches.add(file);
        lines.push(`${file}:${lineIndex + 1}: ${excerpt(line, match.index)}`);
      }
      if (stopped) break;
    }
  }

  const count = `${lines.length}${stopped ? '+' : ''} ${lines.length === 1 ? 'match' : 'matches'}`;
  const summary = `grep ${quoted} → ${count} in ${filesWithMatches.size} ${filesWithMatches.size === 1 ? 'file' : 'files'}`;
  if (stopped) {
    lines.push(`[... stopped after ${maxMatches} matches; narrow the pattern, path or include to see the rest ...]`);
  }
  if (tooLarge > 0) {
    lines.push(`[${tooLarge} ${tooLarge === 1 ? 'file' : 'files'} over ${maxFileBytes / 1024 / 1024} MB not searched]`);
  }
  if (filesWithMatches.size === 0)
    lines.unshift(`No matches for ${quoted} in ${files.length} ${files.length === 1 ? 'file' : 'files'} searched.`);
  return { content: lines.join('\n'), summary };
}

type ReadResult = { kind: 'text'; text: string } | { kind: 'binary' | 'too-large' | 'unreadable' };

/** Files that vanished or cannot be read are skipped quietly: a search is not about them. */
async function readText(file: string): Promise<ReadResult> {
  try {
    const content = await readFileUpTo(file, maxFileBytes);
    if (content.kind !== 'bytes') return { kind: content.kind === 'too-large' ? 'too-large' : 'unreadable' };
    const { bytes } = content;
    return looksBinary(bytes) ? { kind: 'binary' } : { kind: 'text', text: bytes.toString('utf8') };
  } catch {
    return { kind: 'unreadable' };
  }
}

/** A long line (minified code) is cut to a window that starts a little before the match. */
function excerpt(line: string, matchIndex: number): string {
  if (line.length <= maxLineChars) return line;
  const start = matchIndex > contextBeforeMatch ? matchIndex - contextBeforeMatch : 0;
  const end = start + maxLineChars;
  return `${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
}
