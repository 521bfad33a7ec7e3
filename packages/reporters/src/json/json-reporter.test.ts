import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunInfo } from '@agentbatch/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reporterContext, runResults, sampleResults, task, usage } from '../test-support/fixtures.js';
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
  const endedAt = new Map([['react-perf', '2025-01-15T06:31:00.120Z']]);
  const legacy = toLegacyResults(sampleResults(), { concurrency: 3, baseDir: '/work', taskEndedAt: endedAt });

  it('writes exactly the original key set, nothing renamed and nothing extra', () => {
    expect(Object.keys(legacy).sort()).toEqual(['results', 'summary']);
    expect(Object.keys(legacy.summary).sort()).toEqual([
      'completedTasks',
      'failedTasks',
      'maxConcurrent',
      'timeoutTasks',
      'timestamp',
      'totalTasks',
      'totalTokenStats',
    ]);
    expect(Object.keys(legacy.summary.totalTokenStats).sort()).toEqual([
      'calls',
      'completionTokens',
      'promptTokens',
      'totalTokens',
    ]);
    for (const result of legacy.results) {
      expect(Object.keys(result).sort()).toEqual(['duration', 'result', 'task', 'taskIndex', 'timestamp']);
      expect(Object.keys(result.task).sort()).toEqual(['dir', 'first_prompt']);
      const optional = ['error', 'lastEvaluation', 'lastResponse'];
      expect(
        Object.keys(result.result)
          .filter((key) => !optional.includes(key))
          .sort(),
      ).toEqual(['iterations', 'status', 'tokenStats']);
      if (result.result.tokenStats) {
        expect(Object.keys(result.result.tokenStats).sort()).toEqual([
          'calls',
          'completionTokens',
          'promptTokens',
          'totalTokens',
        ]);
      }
    }
  });

  it('summarises the run with the original names and meanings', () => {
    expect(legacy.summary).toEqual({
      totalTasks: 5,
      completedTasks: 2,
      // The original's failed tasks are those that ended in an error.
      failedTasks: 2,
      timeoutTasks: 0,
      maxConcurrent: 3,
      timestamp: '2025-01-15T06:32:18.400Z',
      // Coder and evaluator calls of all five tasks.
      totalTokenStats: { totalTokens: 71_960, promptTokens: 60_800, completionTokens: 11_160, calls: 52 },
    });
  });

  it('lists the tasks in task order as task.json gives them, durations as seconds strings', () => {
    expect(legacy.results.map((result) => result.taskIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(legacy.results[0]).toEqual({
      taskIndex: 0,
      task: { dir: './projects/react-perf', first_prompt: '帮我优化这个React组件的性能\nKeep the public API.' },
      result: {
        status: 'completed',
        iterations: 3,
        tokenStats: { totalTokens: 1890, promptTokens: 1200, completionTokens: 690, calls: 3 },
        lastEvaluation: 'All requirements are met.',
      },
      duration: '45.12',
      timestamp: '2025-01-15T06:31:00.120Z',
    });
    expect(legacy.results.map((result) => result.duration)).toEqual(['45.12', '300.00', '12.00', '2.00', '30.00']);
  });

  it('carries verdicts and errors of unfinished tasks; the run end stamps tasks of earlier sessions', () => {
    const [, incomplete, errored] = legacy.results;
    expect(incomplete).toMatchObject({
      result: { status: 'incomplete', iterations: 10, lastEvaluation: 'Tests still fail: `a | b` <broken>' },
      timestamp: '2025-01-15T06:32:18.400Z',
    });
    expect(incomplete?.result).not.toHaveProperty('error');
    expect(errored?.result).toEqual({
      status: 'error',
      iterations: 2,
      tokenStats: { totalTokens: 1690, promptTokens: 1200, completionTokens: 490, calls: 3 },
      error: '429 Too Many Requests\nretry budget exhausted',
    });
  });

  it("carries the coder's last reply as lastResponse, before lastEvaluation as the original wrote them", () => {
    const replied = { ...task({ id: 'calc', index: 0 }), lastResponse: 'Fixed add; node test.js prints ok.' };
    const silent = task({ id: 'docs', index: 1, status: 'error', error: { code: 'provider-auth', message: '401' } });
    const [first, second] = toLegacyResults(runResults([replied, silent])).results;
    expect(first?.result.lastResponse).toBe('Fixed add; node test.js prints ok.');
    expect(Object.keys(first?.result ?? {})).toEqual([
      'status',
      'iterations',
      'tokenStats',
      'lastResponse',
      'lastEvaluation',
    ]);
    expect(second?.result).not.toHaveProperty('lastResponse');
  });

  it('gives null token stats to a task that made no call, and counts timeouts', () => {
    const results = runResults([
      task({ id: 'late', index: 0, status: 'timeout', coder: usage(0, 0, 0), evaluator: usage(0, 0, 0) }),
    ]);
    const [timedOut] = toLegacyResults(results).results;
    expect(timedOut?.result.tokenStats).toBeNull();
    expect(toLegacyResults(results).summary.timeoutTasks).toBe(1);
    // Without a base folder the dir stays absolute.
    expect(timedOut?.task.dir).toBe('/work/projects/late');
  });

  it('handles an empty run and an unknown concurrency', () => {
    const empty = toLegacyResults({ ...sampleResults(), tasks: [] });
    expect(empty.summary).toMatchObject({ totalTasks: 0, maxConcurrent: null });
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
    expect(written).toEqual(toLegacyResults(sampleResults(), { concurrency: 3, baseDir: configDir }));
    expect(written.summary.maxConcurrent).toBe(3);
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
