import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunInfo } from '@agentbatch/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reporterContext, sampleResults } from '../test-support/fixtures.js';
import { junitReporter, optionsSchema } from './junit-reporter.js';
import { renderJUnitReport } from './render-junit-report.js';

let configDir: string;

beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'agentbatch-junit-'));
});

afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

const info = (runDir: string): RunInfo => ({
  runId: 'r1',
  runDir,
  configPath: join(configDir, 'agentbatch.yaml'),
  total: 5,
  concurrency: 3,
  startedAt: '2025-01-15T06:30:15.000Z',
});

describe('junitReporter', () => {
  it('writes junit.xml in the run directory by default', async () => {
    const runDir = join(configDir, 'runs', 'r1');
    const reporter = junitReporter({}, reporterContext(configDir));
    await reporter.onRunStart?.(info(runDir));
    await reporter.onRunEnd?.(sampleResults());
    expect(await readFile(join(runDir, 'junit.xml'), 'utf8')).toBe(renderJUnitReport(sampleResults()));
  });

  it('writes outputFile relative to the config folder', async () => {
    const reporter = junitReporter({ outputFile: 'test-results/agentbatch.xml' }, reporterContext(configDir));
    await reporter.onRunStart?.(info(join(configDir, 'runs', 'r1')));
    await reporter.onRunEnd?.(sampleResults());
    expect(await readFile(join(configDir, 'test-results', 'agentbatch.xml'), 'utf8')).toContain('<testsuites ');
  });

  it('validates its options', () => {
    expect(optionsSchema.safeParse({ outputFile: '' }).success).toBe(false);
    expect(optionsSchema.safeParse({ outputFile: 'x.xml' }).success).toBe(true);
  });
});
