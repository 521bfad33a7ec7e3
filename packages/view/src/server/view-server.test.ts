import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  event,
  makeAppDir,
  makeRunFolder,
  results,
  secretKey,
  taskResult,
} from '../test-support/run-folder-fixture.js';
import type { RunData, RunRow, RunUpdate, TaskData } from '../view-data.js';
import { startViewServer, type ViewServer } from './view-server.js';

let server: ViewServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get<T>(path: string): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(new URL(path, server?.url));
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T,
  };
}

/** Reads server-sent events until `count` data messages arrived. */
async function readUpdates(url: string, count: number): Promise<RunUpdate[]> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = response.body?.getReader();
  const updates: RunUpdate[] = [];
  let buffer = '';
  while (reader && updates.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += Buffer.from(value).toString('utf8');
    const messages = buffer.split('\n\n');
    buffer = messages.pop() ?? '';
    for (const message of messages) {
      if (message.startsWith('data: ')) updates.push(JSON.parse(message.slice(6)) as RunUpdate);
    }
  }
  controller.abort();
  return updates;
}

describe('startViewServer', () => {
  it('lists runs, serves a run and a task, masked, and the app', async () => {
    const { outDir } = makeRunFolder();
    server = await startViewServer({ root: outDir, appDir: makeAppDir() });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const runs = await get<RunRow[]>('api/runs');
    expect(runs.body).toEqual([expect.objectContaining({ runId: 'run-1', status: 'running', total: 1, completed: 0 })]);

    const run = await get<RunData>('api/runs/run-1');
    expect(run.body).toMatchObject({ runId: 'run-1', running: true, results: null });
    expect(run.body.events.map((entry) => entry.type)).toEqual(['run-start']);

    const task = await get<TaskData>('api/runs/run-1/tasks/t-1');
    expect(task.body.diff).toBe('diff --git a/x b/x\n');
    expect(task.text).not.toContain(secretKey);
    expect(task.body.transcript[0]).toMatchObject({
      message: { content: expect.stringContaining('the key is ********') },
    });

    expect((await get<string>('')).body).toContain('<div id="app">');
    expect((await get<string>('assets/app.css')).status).toBe(200);
  });

  it('refuses paths out of the run folder and unknown runs', async () => {
    const { outDir } = makeRunFolder();
    server = await startViewServer({ root: outDir, appDir: makeAppDir() });
    expect((await get('api/runs/run-1/tasks/..%2F..%2Frun.json')).status).toBe(404);
    expect((await get('api/runs/..')).status).toBe(404);
    expect((await get('api/runs/nope')).status).toBe(404);
    expect((await get('assets/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it('follows a run: new events as they are logged, then the end', async () => {
    const { outDir, runDir, append } = makeRunFolder();
    server = await startViewServer({ root: outDir, appDir: makeAppDir(), followIntervalMs: 20 });
    const run = await get<RunData>('api/runs/run-1');
    const following = readUpdates(new URL(`api/runs/run-1/follow?offset=${run.body.eventsOffset}`, server.url).href, 2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    append(event({ type: 'task-start', taskId: 't-1', index: 0, dir: '/work/project-0', prompt: 'p' }));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const done = results([taskResult('t-1', 0)]);
    writeFileSync(join(runDir, 'results.json'), JSON.stringify(done));
    append(event({ type: 'run-end', results: done }));
    const updates = await following;
    expect(updates.flatMap((update) => update.events.map((entry) => entry.type))).toEqual(['task-start', 'run-end']);
    expect(updates.at(-1)).toMatchObject({ running: false, results: { status: 'passed' } });
  });
});
