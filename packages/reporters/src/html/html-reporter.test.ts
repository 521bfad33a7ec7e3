import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reporterContext, sampleResults } from '../test-support/fixtures.js';
import { htmlReporter } from './html-reporter.js';

let configDir: string;
let runDir: string;

beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'agentbatch-html-'));
  runDir = join(configDir, '.agentbatch', 'runs', 'r1');
  await mkdir(runDir, { recursive: true });
});

afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

const info = () => ({
  runId: 'r1',
  runDir,
  configPath: join(configDir, 'agentbatch.yaml'),
  total: 5,
  concurrency: 3,
  startedAt: '2025-01-15T06:30:15.000Z',
});

/** The run as the report embeds it for its pages. */
function embeddedRun(html: string): { runId: string; results: { tasks: unknown[] } } {
  const block = /<script type="application\/json" id="agentbatch-run">(.*?)<\/script>/s.exec(html)?.[1];
  return JSON.parse(block ?? 'null');
}

describe('htmlReporter', () => {
  it('writes report.html in the run directory, the app and the final results inlined', async () => {
    const reporter = htmlReporter({}, reporterContext(configDir));
    await reporter.onRunStart?.(info());
    await reporter.onRunEnd?.(sampleResults());
    const html = await readFile(join(runDir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('<script type="module">');
    expect(embeddedRun(html).results.tasks).toHaveLength(sampleResults().tasks.length);
  });

  it('writes outputFile relative to the config folder', async () => {
    const reporter = htmlReporter({ outputFile: 'reports/run.html' }, reporterContext(configDir));
    await reporter.onRunStart?.(info());
    await reporter.onRunEnd?.(sampleResults());
    expect(await readFile(join(configDir, 'reports', 'run.html'), 'utf8')).toContain('id="agentbatch-run"');
  });
});
