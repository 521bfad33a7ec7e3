import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TaskResult, Usage } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, runCli } from './support/cli.js';
import { onlyRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const integer = (value: number) => value.toLocaleString('en-US');

/** The Markdown report's task table as cells, one array per task row. */
function markdownTaskRows(markdown: string): string[][] {
  const lines = markdown.split('\n');
  const header = lines.indexOf(
    '| # | Task | Status | Verdict | Iterations | Duration | Coder tokens | Evaluator tokens | Cost | ID |',
  );
  expect(header).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** The attributes of every `<tag …>` in `xml`, entities left as written. */
function xmlElements(xml: string, tag: string): Array<Record<string, string>> {
  return [...xml.matchAll(new RegExp(`<${tag}((?:\\s+[\\w-]+="[^"]*")*)\\s*/?>`, 'g'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map(([, key, value]) => [key, value])),
  );
}

const legacyTokens = (usage: Usage) => ({
  totalTokens: usage.totalTokens,
  promptTokens: usage.inputTokens,
  completionTokens: usage.outputTokens,
  calls: usage.calls,
});

describe('every built-in reporter in one run', () => {
  it('writes the console lines, report.md, junit.xml and JSON files that agree with results.json', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const config = join(dir, 'agentbatch.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        /^reporters:.*$/m,
        [
          'reporters:',
          '  - console',
          '  - [json, { format: legacy, outputFile: parallel_batch_results.json }]',
          '  - [json, { outputFile: artifacts/results.json }]',
          '  - markdown',
          '  - [junit, {}]',
        ].join('\n'),
      ),
    );
    // One iteration is too few for the docs task, so the run has a task that did not complete.
    const run = await runCli(['run', 'agentbatch.yaml', '--max-iterations', '1'], {
      cwd: dir,
      env: { MODEL_URL: server.url },
    });
    expect(run.exitCode, run.all).toBe(1);
    const { runDir, results } = onlyRun(dir);
    const tasks = results.tasks;
    const { summary } = results;
    expect(tasks.map((task) => task.status)).toEqual(['completed', 'incomplete', 'completed']);

    // console: a line per finished task, and the summary's numbers.
    for (const task of tasks) {
      const icon = task.status === 'completed' ? '✅' : '⚠️';
      expect(run.stdout).toMatch(
        new RegExp(`^${icon} Task ${task.index + 1} ${task.status} \\(\\d+\\.\\d\\ds\\) \\[[1-3]/3\\]$`, 'm'),
      );
      expect(run.stdout).toContain(`📊 Status: ${task.status}, iterations: ${task.iterations}\n`);
      const { totalTokens, inputTokens, outputTokens, calls } = task.usage;
      expect(run.stdout).toContain(
        `💾 Tokens: ${integer(totalTokens)} total (${integer(inputTokens)} in, ${integer(outputTokens)} out) - ${calls} calls\n`,
      );
    }
    expect(run.stdout).toMatch(/^🏁 Run failed: 2\/3 completed in /m);
    expect(run.stdout).toContain('   incomplete 1\n');
    expect(run.stdout).toContain(
      `💾 Tokens: ${integer(summary.usage.totalTokens)} total (${integer(summary.usage.inputTokens)} in, ${integer(summary.usage.outputTokens)} out) - ${summary.usage.calls} calls\n`,
    );
    expect(run.stdout.endsWith(`📁 Results: ${join(runDir, 'results.json')}`)).toBe(true);

    // markdown: report.md in the run folder, a row per task with its numbers.
    const markdown = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(markdown).toContain(`- **Run:** ${results.runId} — **failed**`);
    expect(markdown).toContain('- **Completed:** 2/3 (66.7%) · 1 incomplete');
    expect(markdown).toContain(`- **Tokens:** ${integer(summary.usage.totalTokens)} (`);
    expect(markdownTaskRows(markdown)).toEqual(
      tasks.map((task: TaskResult) => [
        String(task.index + 1),
        `${basename(task.dir)}: ${task.prompt}`,
        `${task.status === 'completed' ? '✅' : '⚠️'} ${task.status}`,
        task.verdict?.summary ?? '',
        String(task.iterations),
        expect.stringMatching(/^\d+\.\d\ds$/),
        integer(task.usageByRole.coder.totalTokens),
        integer(task.usageByRole.evaluator.totalTokens),
        `$${task.costUsd.toFixed(4)}`,
        task.id,
      ]),
    );
    expect(markdown).toContain(`### max-iterations (1)`);

    // junit: junit.xml in the run folder, a test case per task, failures for the unfinished.
    const xml = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    expect(xmlElements(xml, 'testsuites')[0]).toMatchObject({ tests: '3', failures: '1', errors: '0' });
    const cases = xmlElements(xml, 'testcase');
    // Named by folder and prompt, as a reader knows the tasks.
    expect(cases.map((testcase) => testcase.name)).toEqual(
      tasks.map((task) => `${basename(task.dir)}: ${task.prompt}`),
    );
    const failures = xmlElements(xml, 'failure');
    expect(failures).toEqual([expect.objectContaining({ type: 'max-iterations' })]);
    const properties = Object.fromEntries(
      xmlElements(xml, 'property').map((property) => [property.name, property.value]),
    );
    expect(properties).toMatchObject({
      runId: results.runId,
      status: 'failed',
      totalTokens: String(summary.usage.totalTokens),
      inputTokens: String(summary.usage.inputTokens),
      outputTokens: String(summary.usage.outputTokens),
    });

    // json: the original system's file next to the config (its exact names and value types), and a
    // copy of results.json elsewhere.
    const legacy = JSON.parse(readFileSync(join(dir, 'parallel_batch_results.json'), 'utf8'));
    expect(legacy.summary).toEqual({
      totalTasks: 3,
      completedTasks: 2,
      failedTasks: 0,
      timeoutTasks: 0,
      maxConcurrent: 2,
      timestamp: results.endedAt,
      totalTokenStats: legacyTokens(summary.usage),
    });
    const taskFile = JSON.parse(readFileSync(join(dir, 'task.json'), 'utf8')) as { tasks: unknown[] };
    const endedAt = new Map(
      onlyRun(dir)
        .events.filter((event) => event.type === 'task-end')
        .map((event) => [event.taskId, event.time]),
    );
    expect(legacy.results).toEqual(
      tasks.map((task) => ({
        taskIndex: task.index,
        task: taskFile.tasks[task.index],
        result: {
          status: task.status,
          iterations: task.iterations,
          tokenStats: legacyTokens(task.usage),
          lastResponse: task.lastResponse,
          ...(task.verdict && { lastEvaluation: task.verdict.summary }),
          ...(task.error && { error: task.error.message }),
        },
        duration: (task.durationMs / 1000).toFixed(2),
        timestamp: endedAt.get(task.id),
      })),
    );
    // The coder's last reply, as the scripts wrote it (docs stopped after its first iteration).
    expect(legacy.results.map((result: { result: { lastResponse?: string } }) => result.result.lastResponse)).toEqual([
      'add subtracted instead of adding; fixed it, and node test.js prints ok.',
      'Wrote README.md.',
      'Renamed greet to sayHello in greet.js and main.js.',
    ]);
    expect(legacy.results.map((result: { duration: string }) => result.duration)).toEqual(
      tasks.map(() => expect.stringMatching(/^\d+\.\d\d$/)),
    );
    expect(JSON.parse(readFileSync(join(dir, 'artifacts/results.json'), 'utf8'))).toEqual(results);
  });

  it('takes the reporters from repeated --reporter flags instead of the config', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const flags = ['console', 'json', 'markdown', 'junit'].flatMap((name) => ['--reporter', name]);
    const run = await runCli(['run', 'agentbatch.yaml', ...flags], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { runDir, results } = onlyRun(dir);
    expect(run.stdout).toMatch(/^🏁 Run passed: 3\/3 completed in /m);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toContain('- **Completed:** 3/3 (100.0%)');
    expect(xmlElements(readFileSync(join(runDir, 'junit.xml'), 'utf8'), 'testsuites')[0]).toMatchObject({
      tests: '3',
      failures: '0',
    });
    // json without options adds nothing: results.json is core's own.
    expect(existsSync(join(dir, 'parallel_batch_results.json'))).toBe(false);
    expect(results.status).toBe('passed');
  });
});
