import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config-error.js';

/**
 * Loads `.env` from a folder into `env`. Variables already set win, so a shell export overrides
 * the file, as in the original system (which used dotenv). A line that is not `NAME=value` is an
 * error naming the file and line: `parseEnv` would silently skip it, or glue it to the next one,
 * and the variable would then be reported missing, far from the typo.
 */
export function loadDotenv(folder: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(folder, '.env');
  if (!existsSync(file)) return undefined;
  // Editors on Windows save a byte order mark, which would become part of the first name.
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const mistake = firstMalformedLine(text);
  if (mistake) {
    throw new ConfigError(
      `"${mistake.text.trim()}" is not a NAME=value line; write it as NAME=value (a comment starts with #)`,
      { file, line: mistake.line },
    );
  }
  const values = parseEnv(text);
  for (const [name, value] of Object.entries(values)) {
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}

const assignment = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/;

/** The first line that is neither blank, a comment, nor `NAME=value` (whose quoted value may span lines). */
function firstMalformedLine(text: string): { line: number; text: string } | undefined {
  const lines = text.split(/\r?\n/);
  let openQuote: string | undefined;
  for (const [index, line] of lines.entries()) {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined;
      continue;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const value = assignment.exec(line)?.[1];
    if (value === undefined) return { line: index + 1, text: line };
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !value.slice(1).includes(quote)) openQuote = quote;
  }
  return undefined;
}
