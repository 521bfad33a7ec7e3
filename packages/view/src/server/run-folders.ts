import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type RunResults, readRunResults } from '@agentbatch/core';
import type { RunData, RunRow, TaskData, TranscriptEntry } from '../view-data.js';
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

export function readRunRow(runDir: string): RunRow {
  const data = readRunData(runDir);
  const total = data.results?.summary.total ?? data.events.find((event) => event.type === 'run-start')?.total ?? 0;
  return {
    runId: data.runId,
    startedAt: data.startedAt,
    status: data.running ? 'running' : (data.results?.status ?? 'interrupted'),
    completed: data.results?.summary.completed ?? 0,
    total: typeof total === 'number' ? total : 0,
    totalTokens: data.results?.summary.usage.totalTokens ?? 0,
    costUsd: data.results?.summary.costUsd ?? 0,
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
