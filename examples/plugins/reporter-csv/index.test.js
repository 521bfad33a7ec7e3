import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import createReporter, { optionsSchema } from './index.js';

const usage = {
  calls: 3,
  inputTokens: 1200,
  outputTokens: 80,
  cachedInputTokens: 0,
  reasoningTokens: 0,
  totalTokens: 1280,
};
const task = (index, fields) => ({
  id: `t${index}`,
  index,
  dir: `/work/t${index}`,
  prompt: 'p',
  status: 'completed',
  iterations: 2,
  durationMs: 4500,
  usage,
  usageByRole: { coder: usage, evaluator: usage },
  costUsd: 0.0123,
  verdict: { status: 'completed', summary: 'Done, "all" tests pass' },
  error: null,
  ...fields,
});
const results = {
  runId: 'r1',
  tasks: [
    task(1, { status: 'error', verdict: null, error: { code: 'rate-limited', message: '429, twice' } }),
    task(0, {}),
  ],
};

describe('agentbatch-reporter-csv', () => {
  it('writes results.csv in the run folder, a row per task in task order, quoting what needs it', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'csv-reporter-'));
    const written = [];
    const reporter = createReporter(optionsSchema.parse({}), {
      configDir: '/nowhere',
      onFileWritten: (file) => written.push(file),
    });
    reporter.onRunStart({ runId: 'r1', runDir, configPath: '', total: 2, concurrency: 1, startedAt: '' });
    await reporter.onRunEnd(results);
    const file = join(runDir, 'results.csv');
    assert.deepEqual(written, [file]);
    assert.deepEqual(readFileSync(file, 'utf8').split('\r\n'), [
      'id,variant,status,iterations,input_tokens,output_tokens,total_tokens,cost_usd,seconds,dir,verdict',
      't0,,completed,2,1200,80,1280,0.0123,4.50,/work/t0,"Done, ""all"" tests pass"',
      't1,,error,2,1200,80,1280,0.0123,4.50,/work/t1,"429, twice"',
      '',
    ]);
  });

  it('writes outputFile relative to the config folder', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'csv-reporter-'));
    const reporter = createReporter({ outputFile: 'reports/run.csv' }, { configDir });
    reporter.onRunStart({ runDir: '/unused' });
    await reporter.onRunEnd(results);
    assert.match(readFileSync(join(configDir, 'reports/run.csv'), 'utf8'), /^id,variant,/);
  });

  it('refuses a misspelt option', () => {
    assert.equal(optionsSchema.safeParse({ outputFle: 'x.csv' }).success, false);
  });
});
