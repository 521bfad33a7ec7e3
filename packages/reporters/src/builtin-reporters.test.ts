import { describe, expect, it } from 'vitest';
import { builtinReporters } from './builtin-reporters.js';
import * as reporters from './index.js';
import { fakeStream, reporterContext } from './test-support/fixtures.js';

describe('builtinReporters', () => {
  it('maps the five built-in names', () => {
    expect(Object.keys(builtinReporters).sort()).toEqual(['console', 'html', 'json', 'junit', 'markdown']);
    expect(reporters.builtinReporters).toBe(builtinReporters);
  });

  it('creates named reporters from raw options, none included', () => {
    for (const [name, { factory }] of Object.entries(builtinReporters)) {
      expect(factory(undefined, reporterContext('/work')).name).toBe(name);
      expect(factory(null, reporterContext('/work')).name).toBe(name);
    }
  });

  it('validates options before creating the reporter', () => {
    expect(() => builtinReporters.console?.factory({ lang: 'de' }, reporterContext('/work'))).toThrow();
    expect(() => builtinReporters.json?.factory({ format: 'yaml' }, reporterContext('/work'))).toThrow();
    expect(builtinReporters.markdown?.optionsSchema.safeParse({ outputFile: 'r.md' }).success).toBe(true);
  });

  it('passes parsed options through to the reporter', async () => {
    const stdout = fakeStream();
    const reporter = builtinReporters.console?.factory({ lang: 'zh' }, reporterContext('/work', stdout));
    await reporter?.onRunStart?.({
      runId: 'r1',
      runDir: '/runs/r1',
      configPath: '/work/task.json',
      total: 2,
      concurrency: 4,
      startedAt: '2025-01-15T06:30:15.000Z',
    });
    expect(stdout.lines()).toEqual(['🚀 开始并行执行 (并发数: 4)...']);
  });
});
