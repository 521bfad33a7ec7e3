import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../plugin/run-results.js';
import { configError } from '../test-support/config-error.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { listRuns, readRunEvents, readRunResults } from './read-run.js';

const results = (runId: string) => ({ schemaVersion: 1, runId, status: 'passed', tasks: [] }) as unknown as RunResults;

async function runFolder(parent: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(parent, name);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content);
  return dir;
}

describe('readRunResults', () => {
  it('reads results.json of a run folder', async () => {
    const dir = await runFolder(await makeTempDir(), 'r1', { 'results.json': JSON.stringify(results('r1')) });
    expect(readRunResults(dir)).toEqual(results('r1'));
  });

  it('says a folder without results.json is not a run folder', async () => {
    const dir = await makeTempDir();
    expect(configError(() => readRunResults(dir)).message).toBe(`${dir} is not a run folder: it has no results.json`);
  });

  it('names the file when it is not valid JSON or of an unknown schema version', async () => {
    const parent = await makeTempDir();
    const torn = await runFolder(parent, 'torn', { 'results.json': '{"schemaVersion": 1, "ru' });
    const error = configError(() => readRunResults(torn));
    expect(error.message).toContain(`cannot read ${path.join(torn, 'results.json')}`);
    expect(error.location?.file).toBe(path.join(torn, 'results.json'));
    const future = await runFolder(parent, 'future', { 'results.json': JSON.stringify({ schemaVersion: 2 }) });
    expect(configError(() => readRunResults(future)).message).toContain('unknown schemaVersion 2');
  });
});

describe('readRunEvents', () => {
  it('reads every event in order, skipping blank lines and a torn last line', async () => {
    const lines = [
      JSON.stringify({ type: 'run-start', time: 't0' }),
      '',
      JSON.stringify({ type: 'task-queued', time: 't1', taskId: 'a' }),
      '{"type":"task-st',
    ];
    const dir = await runFolder(await makeTempDir(), 'r', { 'events.jsonl': lines.join('\n') });
    expect(readRunEvents(dir).map((event) => event.type)).toEqual(['run-start', 'task-queued']);
  });

  it('returns no events for a folder without events.jsonl', async () => {
    expect(readRunEvents(await makeTempDir())).toEqual([]);
  });
});

describe('listRuns', () => {
  it('lists the run folders oldest first, skipping folders without or with broken results', async () => {
    const outDir = await makeTempDir();
    await runFolder(outDir, '2025-01-02_10-00-00_bbbb', { 'results.json': JSON.stringify(results('second')) });
    await runFolder(outDir, '2025-01-01_09-00-00_aaaa', { 'results.json': JSON.stringify(results('first')) });
    await runFolder(outDir, '2025-01-03_00-00-00_cccc', { 'events.jsonl': '' });
    await runFolder(outDir, '2025-01-04_00-00-00_dddd', { 'results.json': 'not json' });
    await writeFile(path.join(outDir, 'stray-file.json'), '{}');
    const runs = listRuns(outDir);
    expect(runs.map((run) => run.results.runId)).toEqual(['first', 'second']);
    expect(runs[0]?.runDir).toBe(path.join(outDir, '2025-01-01_09-00-00_aaaa'));
  });

  it('returns an empty list when the output folder does not exist', async () => {
    expect(listRuns(path.join(await makeTempDir(), 'never-created'))).toEqual([]);
  });
});
