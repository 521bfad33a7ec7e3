import { describe, expect, it } from 'vitest';
import { triedTask } from '../test-support/attempts-fixture.js';
import { runResults, sampleResults, task } from '../test-support/fixtures.js';
import { escapeMarkdownCell } from './escape-markdown-cell.js';
import { renderMarkdownReport } from './render-markdown-report.js';

/** The lines of the section under `## title`, up to the next `## ` heading. */
function section(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${title}`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => line !== '');
}

/** Cells of a table row, honouring `\|`. */
const cells = (line: string) => line.split(/(?<!\\)\|/).length - 2;

describe('renderMarkdownReport', () => {
  const markdown = renderMarkdownReport(sampleResults());

  it('opens with completion rate, duration, tokens and cost', () => {
    expect(markdown.split('\n').slice(0, 8)).toEqual([
      '# agentbatch run report',
      '',
      '- **Run:** 20250115-143015-ab12 — **failed**',
      '- **Started:** 2025-01-15T06:30:15.000Z · **Ended:** 2025-01-15T06:32:18.400Z',
      '- **Completed:** 2/5 (40.0%) · 1 incomplete, 2 error',
      '- **Duration:** 2m 03s',
      '- **Tokens:** 71,960 (60,800 in, 11,160 out, 52 calls) · 66.3% of input cached',
      '- **Cost:** $0.2683',
    ]);
  });

  it('has one row per task in task order, with escaped cells', () => {
    expect(section(markdown, 'Tasks')).toEqual([
      '| # | Task | Status | Verdict | Iterations | Duration | Coder tokens | Evaluator tokens | Cost | ID |',
      '| --: | --- | --- | --- | --: | --: | --: | --: | --: | --- |',
      '| 1 | react-perf: 帮我优化这个React组件的性能… | ✅ completed | All requirements are met. | 3 | 45.12s | 1,400 | 490 | $0.0123 | react-perf |',
      '| 2 | py-errors: Do task py-errors | ⚠️ incomplete | Tests still fail: `a \\| b` &lt;broken> | 10 | 5m 00s | 58,000 | 7,000 | $0.2500 | py-errors |',
      '| 3 | java\\|refactor: Do task java\\|refactor | ❌ error |  | 2 | 12.00s | 1,400 | 290 | $0.0020 | java\\|refactor |',
      '| 4 | docs: Do task docs | ❌ error |  | 1 | 2.00s | 1,400 | 290 | $0.0000 | docs |',
      '| 5 | lint: Do task lint | ✅ completed | All requirements are met. | 1 | 30.00s | 1,400 | 290 | $0.0040 | lint |',
    ]);
  });

  it('gives every table row as many cells as its header', () => {
    const tables = markdown.split('\n\n').filter((block) => block.startsWith('|'));
    expect(tables).toHaveLength(4);
    for (const table of tables) {
      const [header, ...rows] = table.split('\n');
      for (const row of rows) expect(cells(row), row).toBe(cells(header ?? ''));
    }
  });

  it('splits token use by role with the cached share', () => {
    expect(section(markdown, 'Token usage by role')).toEqual([
      '| Role | Calls | Input | Cached input | Cached share | Output | Reasoning | Total |',
      '| --- | --: | --: | --: | --: | --: | --: | --: |',
      '| coder | 38 | 53,900 | 40,300 | 74.8% | 9,700 | 0 | 63,600 |',
      '| evaluator | 14 | 6,900 | 0 | 0.0% | 1,460 | 0 | 8,360 |',
      '| **all** | 52 | 60,800 | 40,300 | 66.3% | 11,160 | 0 | 71,960 |',
    ]);
  });

  it('lists the three slowest and the three most expensive tasks', () => {
    expect(section(markdown, 'Slowest tasks').slice(2)).toEqual([
      '| 2 | py-errors: Do task py-errors | 5m 00s | incomplete |',
      '| 1 | react-perf: 帮我优化这个React组件的性能… | 45.12s | completed |',
      '| 5 | lint: Do task lint | 30.00s | completed |',
    ]);
    expect(section(markdown, 'Most expensive tasks').slice(2)).toEqual([
      '| 2 | py-errors: Do task py-errors | $0.2500 | 65,000 |',
      '| 1 | react-perf: 帮我优化这个React组件的性能… | $0.0123 | 1,890 |',
      '| 5 | lint: Do task lint | $0.0040 | 1,690 |',
    ]);
  });

  it('groups failures by error code, else status, with messages and verdict summaries', () => {
    expect(section(markdown, 'Failures')).toEqual([
      '### incomplete (1)',
      '- **#2 py-errors: Do task py-errors** (py-errors, incomplete, 10 iterations): Tests still fail: `a \\| b` &lt;broken>',
      '### rate-limited (2)',
      '- **#3 java\\|refactor: Do task java\\|refactor** (java\\|refactor, error, 2 iterations): 429 Too Many Requests<br>retry budget exhausted',
      '- **#4 docs: Do task docs** (docs, error, 1 iteration): 429 rate limited',
    ]);
  });

  it('is stable whatever order the tasks finished in', () => {
    const results = sampleResults();
    const reversed = { ...results, tasks: [...results.tasks].reverse() };
    expect(renderMarkdownReport(reversed)).toBe(markdown);
  });

  it('says so when every task completed, and copes with no tasks', () => {
    const allDone = renderMarkdownReport(runResults([task({ id: 'a', index: 0 })]));
    expect(section(allDone, 'Failures')).toEqual(['None — every task completed.']);
    const empty = renderMarkdownReport(runResults([]));
    expect(section(empty, 'Tasks')).toEqual(['_No tasks._']);
    expect(section(empty, 'Slowest tasks')).toEqual(['_No tasks._']);
    expect(empty).toContain('- **Completed:** 0/0 (0.0%)');
  });
});

describe('escapeMarkdownCell', () => {
  it('escapes pipes, line breaks and HTML', () => {
    expect(escapeMarkdownCell('a|b\r\nc\nd <script>')).toBe('a\\|b<br>c<br>d &lt;script>');
    expect(escapeMarkdownCell('  plain  ')).toBe('plain');
  });
});

describe('renderMarkdownReport with attempts', () => {
  it('lists each attempt of a task tried several times, and where results went outside the run', () => {
    const report = renderMarkdownReport(runResults([triedTask()]));
    const attempts = section(report, 'Attempts');
    expect(attempts).toHaveLength(5);
    expect(attempts[3]).toBe('| 1 | tried | 2 | ✅ completed | 2 | exit 0 | 2,500 | $0.0200 | ✔ |');
    expect(section(report, 'Workspaces')).toEqual([
      '- **#1 tried**: branch `agentbatch/r1/tried`',
      '- **#1 tried**: **not applied back** to `/work/projects/tried`: patch failed: calc.js:1; calc.js: patch does not apply',
    ]);
    const plain = renderMarkdownReport(sampleResults());
    expect(plain).not.toContain('## Attempts');
    expect(plain).not.toContain('## Workspaces');
  });
});
