import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults, TaskResult } from '../plugin/run-results.js';
import type { TaskCheckpoint } from '../plugin/task-checkpoint.js';
import { SecretMasker } from '../secrets/secret-masker.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { RunStore } from './run-store.js';

const results = (status: RunResults['status'], taskCount = 0): RunResults =>
  ({
    schemaVersion: 1,
    runId: 'r1',
    status,
    startedAt: '2025-01-01T00:00:00.000Z',
    endedAt: '2025-01-01T00:01:00.000Z',
    durationMs: 60_000,
    summary: { total: taskCount },
    tasks: Array.from({ length: taskCount }, (_, index) => ({ id: `t${index}`, index })),
  }) as unknown as RunResults;

const checkpoint = (taskId: string): TaskCheckpoint => ({
  checkpointVersion: 1,
  taskId,
  iterations: 2,
  instruction: 'Add tests.',
  verdict: { status: 'continue', summary: 's', nextPrompt: 'Add tests.' },
  elapsedMs: 1234,
  coder: [{ role: 'user', content: 'Do it' }],
  evaluator: [],
});

describe('RunStore', () => {
  it('creates the run folder with its tasks folder', async () => {
    const runDir = path.join(await makeTempDir(), 'runs', 'r1');
    const store = new RunStore(runDir);
    expect(store.runDir).toBe(runDir);
    expect(existsSync(path.join(runDir, 'tasks'))).toBe(true);
    expect(store.resultsFile).toBe(path.join(runDir, 'results.json'));
    expect(store.eventsFile).toBe(path.join(runDir, 'events.jsonl'));
  });

  it('appends one JSON line per event, in order', async () => {
    const store = new RunStore(await makeTempDir());
    const events: RunEvent[] = [
      { type: 'run-start', time: 't0', runId: 'r1', runDir: store.runDir, total: 1, concurrency: 1, resumed: false },
      { type: 'task-queued', time: 't1', taskId: 'a', index: 0 },
    ];
    for (const event of events) store.appendEvent(event);
    await store.flush();
    const lines = (await readFile(store.eventsFile, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(events);
  });

  it('replaces results.json whole, as pretty JSON, leaving no temporary files', async () => {
    const store = new RunStore(await makeTempDir());
    await store.writeResults(results('interrupted', 1));
    await store.writeResults(results('passed', 2));
    const text = await readFile(store.resultsFile, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1');
    expect(JSON.parse(text)).toEqual(results('passed', 2));
    expect((await readdir(store.runDir)).sort()).toEqual(['results.json', 'tasks']);
  });

  it('keeps results.json parseable during concurrent rewrites', async () => {
    const store = new RunStore(await makeTempDir());
    await Promise.all(Array.from({ length: 10 }, (_, index) => store.writeResults(results('interrupted', index))));
    const written = JSON.parse(await readFile(store.resultsFile, 'utf8')) as RunResults;
    expect(written.status).toBe('interrupted');
  });

  it('appends transcript entries under tasks/<taskId>/transcript.jsonl', async () => {
    const store = new RunStore(await makeTempDir());
    store.appendTranscript('task-1', { type: 'message', message: { role: 'user', content: 'hi' } });
    store.appendTranscript('task-1', { type: 'usage', usage: { calls: 1 } });
    await store.flush();
    const file = path.join(store.runDir, 'tasks', 'task-1', 'transcript.jsonl');
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines.map((line) => line.type)).toEqual(['message', 'usage']);
    expect(store.taskFile('task-1', 'transcript.jsonl')).toBe(file);
  });

  it('logs task results as they end, and results.json within a second of them', async () => {
    const store = new RunStore(await makeTempDir());
    const task = (id: string, status: string) => ({ id, index: Number(id.slice(1)), status }) as unknown as TaskResult;
    store.appendTaskResult(task('t0', 'completed'));
    store.writeResultsSoon(() => ({ ...results('interrupted', 1), tasks: [task('t0', 'completed')] }));
    store.appendTaskResult(task('t1', 'failed'));
    await store.flush();
    const logged = (await readFile(store.taskResultsFile, 'utf8')).trim().split('\n');
    expect(logged.map((line) => (JSON.parse(line) as TaskResult).id)).toEqual(['t0', 't1']);
    await vi.waitFor(() => expect(existsSync(store.resultsFile)).toBe(true), { timeout: 2000 });
  });

  it('has every event appended so far on disk before a checkpoint is', async () => {
    const store = new RunStore(await makeTempDir());
    store.appendEvent({ type: 'task-queued', time: 't', taskId: 'a', index: 0 });
    await store.writeCheckpoint(checkpoint('a'));
    expect(await readFile(store.eventsFile, 'utf8')).toContain('"task-queued"');
  });

  it('writes a task checkpoint and reads it back', async () => {
    const store = new RunStore(await makeTempDir());
    await store.writeCheckpoint(checkpoint('task-1'));
    expect(store.readCheckpoint('task-1')).toEqual(checkpoint('task-1'));
    expect(store.readCheckpoint('task-2')).toBeUndefined();
  });

  it('creates a task folder on its first write, and again when it was removed meanwhile', async () => {
    const store = new RunStore(await makeTempDir());
    const folder = path.join(store.runDir, 'tasks', 'task-1');
    expect(existsSync(folder)).toBe(false);
    store.appendTranscript('task-1', { type: 'usage', usage: { calls: 1 } });
    await store.flush();
    expect(await readFile(store.taskFile('task-1', 'transcript.jsonl'), 'utf8')).toBe(
      '{"type":"usage","usage":{"calls":1}}\n',
    );
    await rm(folder, { recursive: true });
    await store.writeCheckpoint(checkpoint('task-1'));
    expect(store.readCheckpoint('task-1')).toEqual(checkpoint('task-1'));
    await rm(folder, { recursive: true });
    await store.writeDiff('task-1', '+b\n');
    expect(await readFile(store.taskFile('task-1', 'diff.patch'), 'utf8')).toBe('+b\n');
  });

  it('ignores an unreadable checkpoint or one of another version', async () => {
    const store = new RunStore(await makeTempDir());
    await mkdir(path.join(store.runDir, 'tasks', 'torn'));
    await mkdir(path.join(store.runDir, 'tasks', 'future'));
    await writeFile(store.taskFile('torn', 'checkpoint.json'), '{"checkpointVersion": 1, "taskId"');
    await writeFile(
      store.taskFile('future', 'checkpoint.json'),
      JSON.stringify({ ...checkpoint('future'), checkpointVersion: 2 }),
    );
    expect(store.readCheckpoint('torn')).toBeUndefined();
    expect(store.readCheckpoint('future')).toBeUndefined();
  });

  it('masks the configured keys in every file it writes', async () => {
    const secret = 'sk-"quoted"-secret';
    const store = new RunStore(await makeTempDir(), new SecretMasker([secret]));
    store.appendEvent({ type: 'task-queued', time: secret, taskId: 'a', index: 0 });
    await store.writeResults({ ...results('passed'), runId: secret });
    store.appendTranscript('a', { type: 'message', message: { role: 'user', content: `key ${secret}` } });
    await store.writeCheckpoint({ ...checkpoint('a'), instruction: secret });
    await store.writeDiff('a', `+${secret}\n`);
    await store.flush();
    const files = [
      store.eventsFile,
      store.resultsFile,
      ...['transcript.jsonl', 'checkpoint.json', 'diff.patch'].map((name) =>
        path.join(store.runDir, 'tasks', 'a', name),
      ),
    ];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      expect(text).toContain('***');
      expect(text).not.toContain('secret');
    }
    expect(store.readCheckpoint('a')?.instruction).toBe('***');
  });

  it('masks the keys in the snapshots of results.json taken while the run goes on', async () => {
    const secret = 'sk-snapshot-secret';
    const store = new RunStore(await makeTempDir(), new SecretMasker([secret]));
    const done = { id: 't0', index: 0, status: 'completed', prompt: `use ${secret}` } as unknown as TaskResult;
    const snapshot = () => ({ ...results('interrupted', 1), runId: secret, tasks: [done] });
    store.writeResultsSoon(snapshot);
    await vi.waitFor(() => expect(existsSync(store.resultsFile)).toBe(true), { timeout: 2000 });
    const text = await readFile(store.resultsFile, 'utf8');
    expect(text).not.toContain('secret');
    expect(text).toBe(
      `${JSON.stringify({ ...snapshot(), runId: '***', tasks: [{ ...done, prompt: 'use ***' }] }, null, 2)}\n`,
    );
  });
});
