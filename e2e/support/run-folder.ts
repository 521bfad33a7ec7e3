import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '@agentbatch/core';
import { expect } from 'vitest';

/**
 * Reading what a run wrote, straight from its files (not through core's readers, which skip what
 * they cannot parse): a run folder is `<dir>/<runs>/<runId>/` with `results.json`, `events.jsonl`
 * and `tasks/<taskId>/transcript.jsonl`.
 */

export interface RunFolderOptions {
  /** The folder that holds the runs, relative to `dir`: `run.outDir`, `.agentbatch/runs` by default. */
  runs?: string;
}

/** A line of `events.jsonl` as written, typed loosely so that a test can look at any field of any event. */
export type RecordedEvent = Record<string, unknown> & { type: string };

export interface RunFolder {
  runDir: string;
  results: RunResults;
  /** The run's events, read from `events.jsonl` when asked for (not before). */
  readonly events: RecordedEvent[];
}

/** The one run folder under `dir`: fails the test unless there is exactly one. */
export function onlyRunDir(dir: string, { runs = '.agentbatch/runs' }: RunFolderOptions = {}): string {
  const runIds = readdirSync(join(dir, runs));
  expect(runIds, `the runs in ${join(dir, runs)}`).toHaveLength(1);
  return join(dir, runs, runIds[0] as string);
}

/** The one run under `dir`, with its results: fails the test unless there is exactly one. */
export function onlyRun(dir: string, options: RunFolderOptions = {}): RunFolder {
  return runFolder(onlyRunDir(dir, options));
}

/** The latest run under `dir` (run ids sort by start time), with its results; there may be others. */
export function latestRun(dir: string, { runs = '.agentbatch/runs' }: RunFolderOptions = {}): RunFolder {
  return runFolder(join(dir, runs, readdirSync(join(dir, runs)).sort().at(-1) as string));
}

function runFolder(runDir: string): RunFolder {
  return {
    runDir,
    results: readResults(runDir),
    get events() {
      return readEvents(runDir);
    },
  };
}

export function readResults(runDir: string): RunResults {
  return JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as RunResults;
}

export function readEvents(runDir: string): RecordedEvent[] {
  return readJsonLines<RecordedEvent>(join(runDir, 'events.jsonl'));
}

/** The path of a task's transcript in a run folder. */
export function transcriptFile(runDir: string, taskId: string): string {
  return join(runDir, 'tasks', taskId, 'transcript.jsonl');
}

/** Every line of a JSON Lines file, parsed; blank lines are skipped, a line that does not parse throws. */
export function readJsonLines<T = unknown>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}
