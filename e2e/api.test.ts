import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunEvent, startRun } from '@agentbatch/cli';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { repoRoot, runCli } from './support/cli.js';
import { onlyRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** examples/api copied out of the repository, finding @agentbatch/cli through a linked node_modules as an installed app would. */
function exampleCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'agentbatch-e2e-api-')), 'api');
  cpSync(join(repoRoot, 'examples/api'), dir, { recursive: true, filter: (source) => !source.includes('/runs') });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('the programmatic API (examples/api)', () => {
  it('runs the example: the events counted from the async iterable are those in events.jsonl', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = exampleCopy();
    const run = await execa('node', ['run-batch.mjs'], {
      cwd: dir,
      reject: false,
      all: true,
      env: { MODEL_URL: server.url, OUT_DIR: 'runs' },
    });
    expect(run.exitCode, run.all).toBe(0);
    const { results, events } = onlyRun(dir, { runs: 'runs' });
    expect(results.summary).toMatchObject({ total: 2, completed: 2 });
    expect(run.stdout).toContain(`events: ${events.length}`);
    expect(run.stdout).toContain(`run ${results.runId}: passed, 2/2 completed`);
    expect(readFileSync(join(dir, 'projects/calculator/calc.js'), 'utf8')).toContain('return a + b;');
  });

  it('gives events$ and the iterable the same events, and results as in results.json', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = exampleCopy();
    const run = startRun('agentbatch.yaml', {
      cwd: dir,
      env: { MODEL_URL: server.url, OUT_DIR: 'runs' },
      overrides: { reporters: ['json'] },
    });
    const fromObservable: RunEvent[] = [];
    run.events$.subscribe((event) => fromObservable.push(event));
    const fromIterable: RunEvent[] = [];
    for await (const event of run.events) fromIterable.push(event);
    const results = await run.results;
    expect(fromIterable).toEqual(fromObservable);
    const written = JSON.parse(readFileSync(join(dir, 'runs', results.runId, 'results.json'), 'utf8'));
    expect(results).toEqual(written);
    expect(fromIterable.at(-1)).toMatchObject({ type: 'run-end' });
  });

  it('rejects results with the located message the CLI prints for a bad config, and the events with it', async () => {
    const dir = exampleCopy();
    writeFileSync(
      join(dir, 'agentbatch.yaml'),
      readFileSync(join(dir, 'agentbatch.yaml'), 'utf8').replace('maxIterations:', 'maxIteration:'),
    );
    const run = startRun('agentbatch.yaml', { cwd: dir, env: {} });
    await expect(run.results).rejects.toThrow(/agentbatch\.yaml:\d+:\d+ \(at run\): unknown key "maxIteration"/);
    await expect(
      (async () => {
        for await (const _event of run.events) {
          // no events: the config never loaded
        }
      })(),
    ).rejects.toThrow('unknown key "maxIteration"');
    const cli = await runCli(['run'], { cwd: dir });
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toContain((await run.results.catch((error: Error) => error.message)) as string);
  });

  it('names the YAML path of a mistake in a config object', async () => {
    const run = startRun(
      {
        providers: { p: { type: 'openai', model: 'm' } },
        agents: { coder: { provider: 'p' }, evaluator: { provider: 'q' } },
        tasks: [],
      },
      { cwd: tmpdir() },
    );
    await expect(run.results).rejects.toThrow('(at agents.evaluator.provider)');
  });

  it('cancels the tasks still running when the signal aborts, and still writes the results', async () => {
    server = await startScriptedModelServer(batchScripts, { delayMs: 400 });
    const dir = exampleCopy();
    const controller = new AbortController();
    const run = startRun('agentbatch.yaml', {
      cwd: dir,
      env: { MODEL_URL: server.url, OUT_DIR: 'runs' },
      signal: controller.signal,
      overrides: { reporters: ['json'] },
    });
    for await (const event of run.events) {
      if (event.type === 'model-call-start') controller.abort();
    }
    const results = await run.results;
    expect(results.status).toBe('interrupted');
    expect(results.tasks.map((task) => task.status)).toEqual(['cancelled', 'cancelled']);
    expect(onlyRun(dir, { runs: 'runs' }).results.status).toBe('interrupted');
  });
});
