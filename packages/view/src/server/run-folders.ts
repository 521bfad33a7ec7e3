import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type RunEvent, type RunResults, readRunResults } from '@agentbatch/core';
import type { RunData, RunRow, TaskData, TranscriptEntry } from '../view-data.js';
import { logEnds } from './log-ends.js';
import { readEventsFrom } from './read-events-from.js';

/** A run that logged nothing for this long without a `run-end` event is taken for stopped, not running. */
const STALE_AFTER_MS = 10 * 60_000;

/** A run folder has `run.json` from its start and `results.json` once a task ended. */
export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, 'run.json')) || existsSync(join(dir, 'results.json'));
}

/** The run folders `root` names: itself when it is one, else the run folders in it, oldest first. */
export function findRunFolders(root: string): string[] {
  const dir = resolve(root);
  if (isRunFolder(dir)) return [dir];
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isRunFolder(join(dir, entry.name)))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** Ids name folders: anything that could step out of the run folder is refused. */
export function isSafeId(id: string): boolean {
  return /^[\w.@:-]+$/.test(id) && id !== '.' && id !== '..';
}

export function readRunData(runDir: string): RunData {
  const results = readResultsIfAny(runDir);
  const { events, offset } = readEventsFrom(join(runDir, 'events.jsonl'), 0);
  const runStart = events.find((event) => event.type === 'run-start');
  return {
    runId: results?.runId ?? (runStart?.type === 'run-start' ? runStart.runId : runIdOf(runDir)),
    startedAt: results?.startedAt ?? runStart?.time ?? startedAtOf(runDir),
    running: isRunning(runDir, events.at(-1)?.type === 'run-end'),
    results,
    events,
    eventsOffset: offset,
  };
}

/**
 * A run's line on the runs page, from its results and the two ends of its log: the page asks for
 * every run every few seconds, and a big run's log is megabytes.
 */
export function readRunRow(runDir: string): RunRow {
  const results = readResultsIfAny(runDir);
  const { first, last } = logEnds(join(runDir, 'events.jsonl'));
  const runStart = parseEvent(first);
  const running = isRunning(runDir, /"type":"run-end"/.test(last));
  return {
    runId: results?.runId ?? runIdOf(runDir),
    startedAt: results?.startedAt ?? runStart?.time ?? startedAtOf(runDir),
    status: running ? 'running' : (results?.status ?? 'interrupted'),
    completed: results?.summary.completed ?? 0,
    total: results?.summary.total ?? (runStart?.type === 'run-start' ? runStart.total : 0),
    totalTokens: results?.summary.usage.totalTokens ?? 0,
    costUsd: results?.summary.costUsd ?? 0,
  };
}

export function readTaskData(runDir: string, taskId: string): TaskData {
  const dir = join(runDir, 'tasks', taskId);
  const transcriptFile = join(dir, 'transcript.jsonl');
  const diffFile = join(dir, 'diff.patch');
  const transcript = existsSync(transcriptFile)
    ? readFileSync(transcriptFile, 'utf8')
        .split('\n')
        .flatMap((line) => {
          if (!line.trim()) return [];
          try {
            return [JSON.parse(line) as TranscriptEntry];
          } catch {
            return [];
          }
        })
    : [];
  return { taskId, transcript, diff: existsSync(diffFile) ? readFileSync(diffFile, 'utf8') : null };
}

/** The ids of the tasks that have a folder in the run (a transcript, a diff). */
export function taskFolderIds(runDir: string): string[] {
  const tasks = join(runDir, 'tasks');
  if (!existsSync(tasks)) return [];
  return readdirSync(tasks, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

export function readResultsIfAny(runDir: string): RunResults | null {
  return existsSync(join(runDir, 'results.json')) ? readRunResults(runDir) : null;
}

export function isRunning(runDir: string, ended: boolean): boolean {
  if (ended) return false;
  const log = join(runDir, 'events.jsonl');
  return existsSync(log) && Date.now() - statSync(log).mtimeMs < STALE_AFTER_MS;
}

function parseEvent(line: string): RunEvent | undefined {
  try {
    return JSON.parse(line) as RunEvent;
  } catch {
    return undefined;
  }
}

function runIdOf(runDir: string): string {
  return resolve(runDir).split(/[\\/]/).at(-1) ?? runDir;
}

function startedAtOf(runDir: string): string {
  const manifest = join(runDir, 'run.json');
  if (existsSync(manifest)) {
    const { startedAt } = JSON.parse(readFileSync(manifest, 'utf8')) as { startedAt?: string };
    if (startedAt) return startedAt;
  }
  return statSync(runDir).birthtime.toISOString();
}
