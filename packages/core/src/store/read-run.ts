import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults } from '../plugin/run-results.js';

/** Reads a run folder's `results.json`, with a clear error when it is not a run folder. */
export function readRunResults(runDir: string): RunResults {
  const file = join(resolve(runDir), 'results.json');
  if (!existsSync(file)) throw new ConfigError(`${resolve(runDir)} is not a run folder: it has no results.json`);
  try {
    const results = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    if (results.schemaVersion !== 1) throw new Error(`unknown schemaVersion ${String(results.schemaVersion)}`);
    return results;
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`, { file });
  }
}

/** Every event recorded in a run folder, in order. A torn last line (a crash mid-write) is skipped. */
export function readRunEvents(runDir: string): RunEvent[] {
  const file = join(resolve(runDir), 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as RunEvent];
      } catch {
        return [];
      }
    });
}

export interface RunListing {
  runDir: string;
  results: RunResults;
}

/** The runs under an output folder, oldest first (run ids sort by start time). */
export function listRuns(outDir: string): RunListing[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(outDir, entry.name, 'results.json')))
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      try {
        return [{ runDir: join(outDir, name), results: readRunResults(join(outDir, name)) }];
      } catch {
        return [];
      }
    });
}
