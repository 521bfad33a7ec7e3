import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunInfo, RunResults } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, runCli } from './support/cli.js';
import type { Scripts } from './support/model-script.js';
import { onlyRun, readJsonLines } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

/** The scripted agents for `fixtures/reporter-plugin`: one task done at once, one after a second round. */
const scripts: Scripts = {
  '[hello]': {
    coder: [
      { toolCalls: [{ name: 'write_file', arguments: { path: 'hello.txt', content: 'hello\n' } }] },
      { text: 'Wrote hello.txt.' },
    ],
    evaluator: [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'hello.txt' } }] },
      { toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'It says hello.' } }] },
    ],
  },
  '[notes]': {
    coder: [
      { toolCalls: [{ name: 'write_file', arguments: { path: 'notes.txt', content: 'first\n' } }] },
      { text: 'Wrote notes.txt.' },
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'notes.txt', old_string: 'first\n', new_string: 'first\nsecond\n' } },
        ],
      },
      { text: 'Added the second line.' },
    ],
    evaluator: [
      {
        toolCalls: [
          {
            name: 'submit_verdict',
            arguments: { status: 'continue', summary: 'Only one line.', next_prompt: 'Add a second line.' },
          },
        ],
      },
      { toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'Two lines.' } }] },
    ],
  },
};

type Record =
  | { hook: 'onRunStart'; info: RunInfo }
  | { hook: 'onEvent'; event: RunEvent }
  | { hook: 'onRunEnd'; results: RunResults };

/** Replaces the `reporters:` list of the fixture's config. */
function useReporters(dir: string, reporters: string): void {
  const config = join(dir, 'agentbatch.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^reporters:\n(?: {2}- .*\n)+/m, `${reporters}\n`));
}

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('reporter plugins', () => {
  it('loads one by npm package name and one by path, with options, and gives each every event and the results', async () => {
    server = await startScriptedModelServer(scripts);
    const dir = copyFixture('reporter-plugin');
    const run = await runCli(['run'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    expect(server.protocolErrors).toEqual([]);

    const { runDir, results, events } = onlyRun(dir);
    expect(results.summary).toMatchObject({ total: 2, completed: 2 });
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set([
        'run-start',
        'task-queued',
        'task-start',
        'iteration-start',
        'stage-start',
        'model-call-start',
        'model-call-end',
        'tool-call-end',
        'stage-end',
        'verdict',
        'iteration-end',
        'task-end',
        'run-end',
      ]),
    );

    for (const log of ['events.log', 'local.log']) {
      const [start, ...rest] = readJsonLines<Record>(join(dir, log));
      const end = rest.pop();
      expect(start, log).toEqual({
        hook: 'onRunStart',
        info: expect.objectContaining({ runId: results.runId, runDir, total: 2, concurrency: 2 }),
      });
      expect(
        rest.map((record) => record.hook),
        log,
      ).toEqual(events.map(() => 'onEvent'));
      expect(
        rest.map((record) => (record.hook === 'onEvent' ? record.event : undefined)),
        log,
      ).toEqual(events);
      expect(end, log).toEqual({ hook: 'onRunEnd', results });
    }
  });

  it('rejects an unknown reporter before running, naming it and where it is in the YAML', async () => {
    const dir = copyFixture('reporter-plugin');
    useReporters(dir, 'reporters: [console, no-such-reporter]');
    const run = await runCli(['run'], { cwd: dir, env: { MODEL_URL: 'http://127.0.0.1:9' } });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain('reporter "no-such-reporter"');
    expect(run.stderr).toMatch(/agentbatch\.yaml:\d+:\d+ \(at reporters\[1\]\)/);
    expect(run.stderr).not.toContain('    at ');
    expect(existsSync(join(dir, '.agentbatch'))).toBe(false);
  });

  it('fails the run and names a reporter that throws, while the others still get everything', async () => {
    server = await startScriptedModelServer(scripts);
    const dir = copyFixture('reporter-plugin');
    useReporters(dir, 'reporters: [[my-reporter, { file: events.log }], ./reporters/throwing.js]');
    const run = await runCli(['run'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain(
      'reporter "./reporters/throwing.js" failed in onEvent: cannot handle task-start events',
    );

    const { results, events } = onlyRun(dir);
    expect(results.status).toBe('failed');
    expect(results.summary.completed).toBe(2);
    const records = readJsonLines<Record>(join(dir, 'events.log'));
    expect(records.filter((record) => record.hook === 'onEvent')).toHaveLength(events.length);
    expect(records.at(-1)).toEqual({ hook: 'onRunEnd', results });
  });
});
