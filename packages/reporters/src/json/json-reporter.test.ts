import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunInfo } from '@agentbatch/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reporterContext, sampleResults } from '../test-support/fixtures.js';
import { jsonReporter, optionsSchema } from './json-reporter.js';
import { type LegacyBatchResults, toLegacyResults } from './legacy-results.js';

let configDir: string;

beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'agentbatch-json-'));
});

afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

const info = (runDir: string): RunInfo => ({
  runId: '20250115-143015-ab12',
  runDir,
  configPath: join(runDir, 'agentbatch.yaml'),
  total: 5,
  concurrency: 3,
  startedAt: '2025-01-15T06:30:15.000Z',
});

async function run(options: Parameters<typeof jsonReporter>[0]): Promise<void> {
  const reporter = jsonReporter(options, reporterContext(configDir));
  await reporter.onRunStart?.(info(join(configDir, 'runs', 'r1')));
  await reporter.onRunEnd?.(sampleResults());
}

describe('toLegacyResults', () => {
  const legacy = toLegacyResults(sampleResults(), { concurrency: 3 });

  it('summarises the run with the original names', () => {
    expect(legacy.timestamp).toBe('2025-01-15T06:32:18.400Z');
    expect(legacy.summary).toEqual({
      totalTasks: 5,
      completedTasks: 2,
      failedTasks: 3,
      totalDuration: 123.4,
      // (45.12 + 300 + 12 + 2 + 30) / 5
      averageDuration: 77.82,
      concurrency: 3,
      // Coder and evaluator calls of all five tasks.
      tokenStats: { totalTokens: 71_960, inputTokens: 60_800, outputTokens: 11_160, totalCalls: 52 },
    });
  });

  it('lists the tasks in task order with coder and evaluator tokens', () => {
    expect(legacy.results.map((result) => result.taskIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(legacy.results[0]).toEqual({
      taskIndex: 0,
      dir: '/work/projects/react-perf',
      first_prompt: '帮我优化这个React组件的性能\nKeep the public API.',
      success: true,
      duration: 45.12,
      result: {
        status: 'completed',
        iterations: 3,
        evaluation: 'All requirements are met.',
        tokenStats: {
          totalTokens: 1890,
          inputTokens: 1200,
          outputTokens: 690,
          totalCalls: 3,
          coder: { totalTokens: 1400, inputTokens: 900, outputTokens: 500, totalCalls: 2 },
          evaluator: { totalTokens: 490, inputTokens: 300, outputTokens: 190, totalCalls: 1 },
        },
      },
      error: null,
    });
  });

  it('carries verdicts and errors of unfinished tasks', () => {
    const [, incomplete, errored] = legacy.results;
    expect(incomplete).toMatchObject({
      success: false,
      duration: 300,
      result: { status: 'incomplete', iterations: 10, evaluation: 'Tests still fail: `a | b` <broken>' },
      error: null,
    });
    expect(errored).toMatchObject({
      success: false,
      result: { status: 'error', evaluation: null },
      error: '429 Too Many Requests\nretry budget exhausted',
    });
  });

  it('handles an empty run and an unknown concurrency', () => {
    const empty = toLegacyResults({ ...sampleResults(), tasks: [] });
    expect(empty.summary).toMatchObject({ totalTasks: 0, averageDuration: 0, concurrency: null });
  });
});

describe('jsonReporter', () => {
  it('writes nothing extra by default, since core writes results.json itself', async () => {
    await run({});
    expect(await readdir(configDir)).toEqual([]);
  });

  it('writes the legacy file next to the config by default', async () => {
    await run({ format: 'legacy' });
    expect(await readdir(configDir)).toEqual(['parallel_batch_results.json']);
    const written = JSON.parse(
      await readFile(join(configDir, 'parallel_batch_results.json'), 'utf8'),
    ) as LegacyBatchResults;
    expect(written).toEqual(toLegacyResults(sampleResults(), { concurrency: 3 }));
    expect(written.summary.concurrency).toBe(3);
  });

  it('writes the results object to outputFile, creating folders and leaving no temporary file', async () => {
    await run({ outputFile: 'artifacts/run.json' });
    expect(await readdir(join(configDir, 'artifacts'))).toEqual(['run.json']);
    const text = await readFile(join(configDir, 'artifacts', 'run.json'), 'utf8');
    expect(JSON.parse(text)).toEqual(sampleResults());
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('replaces an existing file', async () => {
    await run({ outputFile: 'out.json', format: 'legacy' });
    await run({ outputFile: 'out.json' });
    expect(JSON.parse(await readFile(join(configDir, 'out.json'), 'utf8'))).toHaveProperty('schemaVersion', 1);
  });

  it('validates its options', () => {
    expect(optionsSchema.safeParse({ format: 'xml' }).success).toBe(false);
    expect(optionsSchema.safeParse({ output: 'x.json' }).success).toBe(false);
    expect(optionsSchema.parse({})).toEqual({ format: 'agentbatch' });
  });
});
