import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import type { CassetteEntry } from './cassette-entry.js';
import { cassetteKeyText } from './cassette-key.js';

/** Loads a cassette into a map by key; a later recording of the same key wins (a re-recorded call). */
export function readCassette(file: string): Map<string, CassetteEntry> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read the cassette: ${(error as Error).message}; record one with the provider option record: ${file}`,
      { file },
    );
  }
  const entries = new Map<string, CassetteEntry>();
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let entry: CassetteEntry;
    try {
      entry = JSON.parse(line) as CassetteEntry;
    } catch (error) {
      throw new ConfigError(`not a cassette line: ${(error as Error).message}`, { file, line: index + 1 });
    }
    if (entry.cassetteVersion !== 1 || !entry.key || !entry.response) {
      throw new ConfigError('not a cassette entry (expected cassetteVersion 1 with key and response)', {
        file,
        line: index + 1,
      });
    }
    entries.set(cassetteKeyText(entry.key), entry);
  });
  return entries;
}
