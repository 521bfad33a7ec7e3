import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults, TaskResult } from '../plugin/run-results.js';
import { summarizeTasks } from './summarize-results.js';

/**
 * Reads a run folder's `results.json`, with a clear error when it is not a run folder. While a run
 * goes on (or after a crash) `results.json` may lag the task-results log by up to a second: the
 * tasks it lacks, or holds in an older state, are taken from `task-results.jsonl`.
 */
export function readRunResults(runDir: string): RunResults {
  const file = join(resolve(runDir), 'results.json');
  if (!existsSync(file)) throw new ConfigError(`${resolve(runDir)} is not a run folder: it has no results.json`);
  let results: RunResults;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    if (results.schemaVersion !== 1) throw new Error(`unknown schemaVersion ${String(results.schemaVersion)}`);
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`, { file });
  }
  return withLoggedTasks(results, readJsonLines<TaskResult>(join(resolve(runDir), 'task-results.jsonl')));
}

function withLoggedTasks(results: RunResults, logged: TaskResult[]): RunResults {
  const tasks = new Map(results.tasks.map((task) => [task.id, task]));
  let changed = false;
  for (const task of logged) {
    const known = tasks.get(task.id);
    if (known && JSON.stringify(known) === JSON.stringify(task)) continue;
    tasks.set(task.id, task);
    changed = true;
  }
  if (!changed) return results;
  const merged = [...tasks.values()].sort((a, b) => a.index - b.index);
  const summary = summarizeTasks(merged);
  return {
    ...results,
    summary: { ...results.summary, ...summary, total: Math.max(results.summary.total, merged.length) },
    tasks: merged,
  };
}

/** Every event recorded in a run folder, in order. A torn last line (a crash mid-write) is skipped. */
export function readRunEvents(runDir: string): RunEvent[] {
  return readJsonLines<RunEvent>(join(resolve(runDir), 'events.jsonl'));
}

/** The JSON lines of a file, skipping blank ones and a torn last line; none when the file is missing. */
function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as T];
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
