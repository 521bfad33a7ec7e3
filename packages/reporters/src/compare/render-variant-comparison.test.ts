import { summarizeTasks, type TaskResult } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { runResults, sampleResults, task, usage } from '../test-support/fixtures.js';
import { renderVariantComparison } from './render-variant-comparison.js';

function variantTask(
  base: string,
  variant: string,
  index: number,
  fixture: Partial<Parameters<typeof task>[0]>,
): TaskResult {
  const result = task({ id: `${base}@${variant}`, index, prompt: `Do ${base}`, ...fixture });
  return { ...result, dir: `/work/projects/${base}`, variant };
}

describe('renderVariantComparison', () => {
  const tasks = [
    variantTask('calc', 'qwen', 0, { iterations: 3, durationMs: 30_000, coder: usage(1000, 100, 3), costUsd: 0.01 }),
    variantTask('calc', 'claude', 1, { iterations: 1, durationMs: 10_000, coder: usage(800, 80, 1), costUsd: 0.05 }),
    variantTask('docs', 'qwen', 2, { status: 'incomplete', iterations: 4, durationMs: 50_000, costUsd: 0.02 }),
    variantTask('docs', 'claude', 3, { iterations: 2, durationMs: 20_000, costUsd: 0.04 }),
  ];
  const results = runResults(tasks);
  results.summary = { ...results.summary, byVariant: summarizeTasks(tasks).byVariant };
  const markdown = renderVariantComparison(results);

  it('gives each variant a row: completion rate, iterations, tokens, calls, cost and time', () => {
    const lines = markdown.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '## Variants',
      '',
      '| Variant | Completed | Rate | Iterations | Per task | Input tokens | Output tokens | Tokens | Calls | Cost | Time |',
      '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
      '| qwen | 1/2 | 50.0% | 7 | 3.5 | 2,400 | 680 | 3,080 | 7 | $0.0300 | 1m 20s |',
      '| claude | 2/2 | 100.0% | 3 | 1.5 | 2,200 | 660 | 2,860 | 5 | $0.0900 | 30.00s |',
    ]);
  });

  it('puts each task of the list on one row with every variant beside the others', () => {
    expect(markdown).toContain('| Task | qwen | claude | ID |');
    expect(markdown).toContain(
      '| calc: Do calc | ✅ completed, 3 iterations, 1,390 tokens | ✅ completed, 1 iteration, 1,170 tokens | calc |',
    );
    expect(markdown).toContain(
      '| docs: Do docs | ⚠️ incomplete, 4 iterations, 1,690 tokens | ✅ completed, 2 iterations, 1,690 tokens | docs |',
    );
  });

  it('is empty for a run without a matrix', () => {
    expect(renderVariantComparison(sampleResults())).toBe('');
  });
});
