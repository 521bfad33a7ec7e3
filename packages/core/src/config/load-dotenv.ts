import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Loads `.env` from a folder into `env`. Variables already set win, so a shell export overrides
 * the file, as in the original system (which used dotenv).
 */
export function loadDotenv(folder: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(folder, '.env');
  if (!existsSync(file)) return undefined;
  const values = parseEnv(readFileSync(file, 'utf8'));
  for (const [name, value] of Object.entries(values)) {
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}
