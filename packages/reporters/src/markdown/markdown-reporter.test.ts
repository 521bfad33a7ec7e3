import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunInfo } from '@agentbatch/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reporterContext, sampleResults } from '../test-support/fixtures.js';
import { markdownReporter } from './markdown-reporter.js';
import { renderMarkdownReport } from './render-markdown-report.js';

let configDir: string;
let runDir: string;

beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'agentbatch-md-'));
  runDir = join(configDir, '.agentbatch', 'runs', 'r1');
});

afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

const info = (): RunInfo => ({
  runId: 'r1',
  runDir,
  configPath: join(configDir, 'agentbatch.yaml'),
  total: 5,
  concurrency: 3,
  startedAt: '2025-01-15T06:30:15.000Z',
});

describe('markdownReporter', () => {
  it('writes report.md in the run directory by default', async () => {
    const reporter = markdownReporter({}, reporterContext(configDir));
    await reporter.onRunStart?.(info());
    await reporter.onRunEnd?.(sampleResults());
    expect(await readdir(runDir)).toEqual(['report.md']);
    expect(await readFile(join(runDir, 'report.md'), 'utf8')).toBe(renderMarkdownReport(sampleResults()));
  });

  it('writes outputFile relative to the config folder', async () => {
    const reporter = markdownReporter({ outputFile: 'reports/run.md' }, reporterContext(configDir));
    await reporter.onRunStart?.(info());
    await reporter.onRunEnd?.(sampleResults());
    expect(await readFile(join(configDir, 'reports', 'run.md'), 'utf8')).toContain('## Failures');
  });

  it('fails clearly when it never learnt the run directory', async () => {
    const reporter = markdownReporter({}, reporterContext(configDir));
    await expect(reporter.onRunEnd?.(sampleResults())).rejects.toThrow(/run directory is unknown/);
  });
});
