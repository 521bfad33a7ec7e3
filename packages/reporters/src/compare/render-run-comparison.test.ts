import { describe, expect, it } from 'vitest';
import { runResults, sampleResults, task, usage } from '../test-support/fixtures.js';
import { renderRunComparison } from './render-run-comparison.js';

/** The lines of the section under `## title`, up to the next `## ` heading. */
function section(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${title}`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => line !== '');
}

/** A second run of `sampleResults()`'s tasks: one fixed, one broken, one dropped, one added. */
function laterRun() {
  return runResults(
    [
      task({
        id: 'react-perf',
        index: 0,
        iterations: 2,
        coder: usage(700, 400, 2),
        evaluator: usage(300, 100, 1),
        costUsd: 0.01,
      }),
      task({ id: 'py-errors', index: 1, iterations: 4, durationMs: 100_000, costUsd: 0.05 }),
      task({ id: 'java|refactor', index: 2, status: 'timeout', iterations: 3, costUsd: 0.002 }),
      task({
        id: 'lint',
        index: 3,
        status: 'failed',
        iterations: 2,
        costUsd: 0.004,
        verdict: { status: 'failed', summary: 'Lint rules conflict.' },
      }),
      task({ id: 'new-task', index: 4, costUsd: 0.003 }),
    ],
    { runId: '20250116-090000-cd34', startedAt: '2025-01-16T01:00:00.000Z', durationMs: 110_000 },
  );
}

describe('renderRunComparison', () => {
  const markdown = renderRunComparison(sampleResults(), laterRun());

  it('puts the totals of both runs side by side with their difference', () => {
    expect(markdown.split('\n').slice(0, 14)).toEqual([
      '# agentbatch run comparison',
      '',
      'A is 20250115-143015-ab12 (started 2025-01-15T06:30:15.000Z), B is 20250116-090000-cd34 (started 2025-01-16T01:00:00.000Z).',
      '',
      '| | A | B | Change |',
      '| --- | --: | --: | --: |',
      '| Run | 20250115-143015-ab12 | 20250116-090000-cd34 |  |',
      '| Status | failed | failed |  |',
      '| Completed | 2/5 (40.0%) | 3/5 (60.0%) | +1 |',
      '| Iterations | 17 | 12 | -5 |',
      '| Tokens | 71,960 | 8,260 | -63,700 (-88.5%) |',
      '| Cost | $0.2683 | $0.0690 | -$0.1993 (-74.3%) |',
      '| Duration | 2m 03s | 1m 50s | -13.40s (-10.9%) |',
      '',
    ]);
  });

  it('summarises what moved: newly completed, regressions, other changes, tasks in one run only', () => {
    expect(section(markdown, 'Summary')).toEqual([
      '- **Newly completed (1):** py-errors: Do task py-errors (incomplete → completed)',
      '- **Regressions (1):** lint: Do task lint (completed → failed)',
      '- **Other status changes (1):** java\\|refactor: Do task java\\|refactor (error → timeout)',
      '- **Only in A (1):** docs: Do task docs (error)',
      '- **Only in B (1):** new-task: Do task new-task (completed)',
      '- **Unchanged:** 1 of the 4 tasks in both runs kept their status',
    ]);
  });

  it("lists every task by folder and prompt in A's order, then B's new ones, with iteration, token and cost changes", () => {
    expect(section(markdown, 'Tasks')).toEqual([
      '| Task | A | B | Change | Verdict in B | Iterations | Tokens | Cost | ID |',
      '| --- | --- | --- | --- | --- | --: | --: | --: | --- |',
      '| react-perf: Do task react-perf | ✅ completed | ✅ completed |  | All requirements are met. | 3 → 2 (-1) | 1,890 → 1,500 (-390) | $0.0123 → $0.0100 (-$0.0023) | react-perf |',
      '| py-errors: Do task py-errors | ⚠️ incomplete | ✅ completed | newly completed | All requirements are met. | 10 → 4 (-6) | 65,000 → 1,690 (-63,310) | $0.2500 → $0.0500 (-$0.2000) | py-errors |',
      '| java\\|refactor: Do task java\\|refactor | ❌ error | ⚠️ timeout | status changed |  | 2 → 3 (+1) | 1,690 | $0.0020 | java\\|refactor |',
      '| docs: Do task docs | ❌ error | — | only in A |  | 1 → — | 1,690 → — | $0.0000 → — | docs |',
      '| lint: Do task lint | ✅ completed | ❌ failed | regression | Lint rules conflict. | 1 → 2 (+1) | 1,690 | $0.0040 | lint |',
      '| new-task: Do task new-task | — | ✅ completed | only in B | All requirements are met. | — → 1 | — → 1,690 | — → $0.0030 | new-task |',
    ]);
  });

  it('says nothing moved when a run is compared with itself', () => {
    const same = renderRunComparison(sampleResults(), sampleResults());
    expect(section(same, 'Summary')).toEqual(['- **Unchanged:** 5 of the 5 tasks in both runs kept their status']);
    expect(same).toContain('| Tokens | 71,960 | 71,960 | 0 |');
    expect(section(same, 'Tasks')[2]).toBe(
      '| react-perf: 帮我优化这个React组件的性能… | ✅ completed | ✅ completed |  | All requirements are met. | 3 | 1,890 | $0.0123 | react-perf |',
    );
  });

  it('handles runs without tasks and from-zero changes', () => {
    const empty = runResults([]);
    const one = runResults([task({ id: 'a', index: 0 })], { durationMs: 123_400 });
    const markdown = renderRunComparison(empty, one);
    expect(markdown).toContain('| Completed | 0/0 (0.0%) | 1/1 (100.0%) | +1 |');
    expect(markdown).toContain('| Tokens | 0 | 1,690 | +1,690 |');
    expect(section(markdown, 'Summary')[0]).toBe('- **Only in B (1):** a: Do task a (completed)');
    expect(section(renderRunComparison(empty, empty), 'Tasks')).toEqual(['_No tasks in either run._']);
  });
});
