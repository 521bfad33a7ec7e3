import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, runCli, taskIdByMarker } from './support/cli.js';
import { expectUsageMatchesServer } from './support/expect-usage.js';
import { onlyRun, readEvents, transcriptFile } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer;

afterEach(async () => {
  await server?.close();
});

/** The usage the server answered, and the tasks' usage adding up to the run's. */
function expectUsageAccountedFor(results: RunResults) {
  expectUsageMatchesServer(results, server);
  const taskSum = results.tasks.reduce((total, task) => total + task.usage.totalTokens, 0);
  expect(results.summary.usage.totalTokens).toBe(taskSum);
}

function expectWorkDone(dir: string) {
  expect(readFileSync(join(dir, 'calculator/calc.js'), 'utf8')).toContain('return a + b;');
  const readme = readFileSync(join(dir, 'docs/README.md'), 'utf8');
  expect(readme).toContain('# double');
  expect(readme).toContain('## Usage');
  expect(readFileSync(join(dir, 'greeting/greet.js'), 'utf8')).toContain('export function sayHello(name)');
  const main = readFileSync(join(dir, 'greeting/main.js'), 'utf8');
  expect(main).toContain("import { sayHello } from './greet.js';");
  expect(main).not.toContain('greet(');
}

describe('agentbatch run', () => {
  it('runs a batch end to end with agentbatch.yaml against an OpenAI-compatible server', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    expect(server.protocolErrors).toEqual([]);
    // No Node warnings (a listener leak per model call once printed one on every run).
    expect(run.stderr).toBe('');
    expectWorkDone(dir);

    const { runDir, results } = onlyRun(dir);
    expect(results.status).toBe('passed');
    expect(results.summary).toMatchObject({ total: 3, completed: 3, incomplete: 0, failed: 0, error: 0 });
    const byPrompt = (marker: string) => results.tasks.find((task) => task.prompt.startsWith(marker));
    expect(byPrompt('[calc]')).toMatchObject({ status: 'completed', iterations: 1, verdict: { status: 'completed' } });
    expect(byPrompt('[docs]')).toMatchObject({ status: 'completed', iterations: 2, verdict: { status: 'completed' } });
    expect(byPrompt('[rename]')).toMatchObject({ status: 'completed', iterations: 1 });
    expect(results.tasks.map((task) => task.index)).toEqual([0, 1, 2]);
    expectUsageAccountedFor(results);
    expect(results.summary.costUsd).toBeGreaterThan(0);

    // The console shows the original system's lines, in English.
    expect(run.stdout).toMatch(/Task 2\/3.*completed/i);
    expect(run.stdout).toContain('[3/3]');

    // Every event is recorded, and each task has a transcript with the whole conversation.
    const events = readEvents(runDir);
    expect(events[0]?.type).toBe('run-start');
    expect(events.at(-1)?.type).toBe('run-end');
    expect(events.filter((event) => event.type === 'model-call-end')).toHaveLength(server.calls.length);
    expect(events.filter((event) => event.type === 'task-end')).toHaveLength(3);
    const docs = byPrompt('[docs]');
    const transcript = readFileSync(transcriptFile(runDir, docs?.id as string), 'utf8');
    expect(transcript).toContain('Add a Usage section that shows how to import double.');
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toContain(docs?.id as string);

    // `agentbatch report` renders a reporter again from the recorded run.
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    rmSync(join(runDir, 'report.md'));
    const rendered = await runCli(['report', runDir]);
    expect(rendered.exitCode, rendered.all).toBe(0);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toBe(report);
    expect(rendered.stdout).toBe(`Wrote ${join(runDir, 'report.md')} (markdown)`);

    // `agentbatch runs` finds the run through the config's outDir.
    const listing = await runCli(['runs'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(listing.exitCode, listing.all).toBe(0);
    expect(listing.stdout).toMatch(new RegExp(`${results.runId}\\s+\\S+ \\S+\\s+passed\\s+3/3`));
  });

  it('keeps the coder conversation across iterations, tool calls and results included', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const docsId = await taskIdByMarker(dir, '[docs]');
    const run = await runCli(['run', 'agentbatch.yaml', '--only', docsId], {
      cwd: dir,
      env: { MODEL_URL: server.url },
    });
    expect(run.exitCode, run.all).toBe(0);
    // The coder's fourth step is only reached if its conversation still holds the first three.
    const coderSteps = server.calls.filter((call) => call.role === 'coder').map((call) => call.step);
    expect(coderSteps).toEqual([0, 1, 2, 3, 4]);
  });

  it("runs the original system's task.json with its environment variables and no YAML", async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    writeFileSync(
      join(dir, '.env'),
      `CODER_ENDPOINT=${server.url}\nCODER_API_KEY=coder-key\nCODER_MODEL=scripted-coder\nEVALUATION_BASE_URL=${server.url}\nEVALUATION_API_KEY=judge-key\n`,
    );
    const run = await runCli(['run', 'task.json', '-c', '2'], { cwd: dir });
    expect(run.exitCode, run.all).toBe(0);
    expectWorkDone(dir);
    const { results } = onlyRun(dir);
    expect(results.summary.completed).toBe(3);
    expectUsageAccountedFor(results);
  });

  it('exits 1 when a task does not complete within --max-iterations', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const run = await runCli(['run', 'agentbatch.yaml', '--max-iterations', '1'], {
      cwd: dir,
      env: { MODEL_URL: server.url },
    });
    expect(run.exitCode, run.all).toBe(1);
    const { results } = onlyRun(dir);
    expect(results.status).toBe('failed');
    const docs = results.tasks.find((task) => task.prompt.startsWith('[docs]'));
    expect(docs).toMatchObject({ status: 'incomplete', iterations: 1, error: { code: 'max-iterations' } });
    expect(results.summary.completed).toBe(2);
  });
});
