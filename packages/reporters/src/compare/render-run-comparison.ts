import type { RunResults, TaskResult } from '@agentbatch/core';
import { escapeMarkdownCell as cell } from '../markdown/escape-markdown-cell.js';
import { formatDuration } from '../shared/format-duration.js';
import { formatInteger, formatPercent, formatUsd } from '../shared/format-number.js';
import { statusIcon } from '../shared/status-icon.js';
import { taskLabel, verdictLine } from '../shared/task-label.js';

/** How a task's outcome moved from run A to run B. */
type Change = 'newly completed' | 'regression' | 'status changed' | 'same' | 'only in A' | 'only in B';

interface TaskPair {
  id: string;
  a: TaskResult | undefined;
  b: TaskResult | undefined;
  change: Change;
}

/**
 * Compares two runs as Markdown, A being the baseline: the runs' totals side by side with their
 * difference; a summary of what moved — tasks newly completed, regressions (completed in A, not in
 * B), other status changes, tasks only in one run; and a row per task (named by folder and prompt)
 * with both statuses, B's verdict summary and the differences in iterations, tokens and cost. Tasks are matched by id and listed in A's order, then
 * those only in B in B's order. Pure, so it works on any two stored `results.json`.
 */
export function renderRunComparison(a: RunResults, b: RunResults): string {
  const pairs = pairTasks(a, b);
  return `${[overview(a, b), summary(pairs), taskTable(pairs)].join('\n\n')}\n`;
}

function pairTasks(a: RunResults, b: RunResults): TaskPair[] {
  const byIndex = (tasks: readonly TaskResult[]) => [...tasks].sort((x, y) => x.index - y.index);
  const inB = new Map(b.tasks.map((task) => [task.id, task]));
  const inA = new Set(a.tasks.map((task) => task.id));
  return [
    ...byIndex(a.tasks).map((task) => pair(task.id, task, inB.get(task.id))),
    ...byIndex(b.tasks)
      .filter((task) => !inA.has(task.id))
      .map((task) => pair(task.id, undefined, task)),
  ];
}

function pair(id: string, a: TaskResult | undefined, b: TaskResult | undefined): TaskPair {
  return { id, a, b, change: changeOf(a, b) };
}

function changeOf(a: TaskResult | undefined, b: TaskResult | undefined): Change {
  if (!b) return 'only in A';
  if (!a) return 'only in B';
  if (a.status === b.status) return 'same';
  if (b.status === 'completed') return 'newly completed';
  return a.status === 'completed' ? 'regression' : 'status changed';
}

function overview(a: RunResults, b: RunResults): string {
  const completed = (results: RunResults) =>
    `${results.summary.completed}/${results.summary.total} (${formatPercent(results.summary.completed, results.summary.total)})`;
  const iterations = (results: RunResults) => results.tasks.reduce((sum, task) => sum + task.iterations, 0);
  const tokens = (results: RunResults) => results.summary.usage.totalTokens;
  const rows = [
    ['Run', cell(a.runId), cell(b.runId), ''],
    ['Status', a.status, b.status, a.status === b.status ? '' : `${a.status} → ${b.status}`],
    ['Completed', completed(a), completed(b), signedInteger(b.summary.completed - a.summary.completed)],
    [
      'Iterations',
      formatInteger(iterations(a)),
      formatInteger(iterations(b)),
      difference(iterations(a), iterations(b)),
    ],
    ['Tokens', formatInteger(tokens(a)), formatInteger(tokens(b)), difference(tokens(a), tokens(b), true)],
    [
      'Cost',
      formatUsd(a.summary.costUsd),
      formatUsd(b.summary.costUsd),
      difference(a.summary.costUsd, b.summary.costUsd, true, signedUsd),
    ],
    [
      'Duration',
      formatDuration(a.durationMs),
      formatDuration(b.durationMs),
      difference(a.durationMs, b.durationMs, true, signedDuration),
    ],
  ];
  return [
    '# agentbatch run comparison',
    '',
    `A is ${cell(a.runId)} (started ${a.startedAt}), B is ${cell(b.runId)} (started ${b.startedAt}).`,
    '',
    '| | A | B | Change |',
    '| --- | --: | --: | --: |',
    ...rows.map(row),
  ].join('\n');
}

function summary(pairs: readonly TaskPair[]): string {
  const groups: ReadonlyArray<readonly [string, Change]> = [
    ['Newly completed', 'newly completed'],
    ['Regressions', 'regression'],
    ['Other status changes', 'status changed'],
    ['Only in A', 'only in A'],
    ['Only in B', 'only in B'],
  ];
  const lines = groups.flatMap(([title, change]) => {
    const members = pairs.filter((pair) => pair.change === change);
    if (members.length === 0) return [];
    return [`- **${title} (${members.length}):** ${members.map(withStatuses).join(', ')}`];
  });
  const matched = pairs.filter((pair) => pair.a && pair.b).length;
  const unchanged = pairs.filter((pair) => pair.change === 'same').length;
  lines.push(`- **Unchanged:** ${unchanged} of the ${matched} tasks in both runs kept their status`);
  return ['## Summary', '', ...lines].join('\n');
}

/** `folder: prompt… (incomplete → completed)`, or `… (completed)` for a task in one run only. */
function withStatuses(pair: TaskPair): string {
  const statuses = [pair.a?.status, pair.b?.status].filter((status) => status !== undefined).join(' → ');
  return `${cell(labelOf(pair))} (${statuses})`;
}

function labelOf(pair: TaskPair): string {
  const task = pair.b ?? pair.a;
  return task ? taskLabel(task) : pair.id;
}

function taskTable(pairs: readonly TaskPair[]): string {
  if (pairs.length === 0) return '## Tasks\n\n_No tasks in either run._';
  const rows = pairs.map((pair) => {
    const { id, a, b, change } = pair;
    return row([
      cell(labelOf(pair)),
      a ? `${statusIcon(a.status)} ${a.status}` : '—',
      b ? `${statusIcon(b.status)} ${b.status}` : '—',
      change === 'same' ? '' : change,
      cell(b ? verdictLine(b) : ''),
      compare(a?.iterations, b?.iterations, (value) => String(value), signedInteger),
      compare(a?.usage.totalTokens, b?.usage.totalTokens, formatInteger, signedInteger),
      compare(a?.costUsd, b?.costUsd, formatUsd, signedUsd),
      cell(id),
    ]);
  });
  return [
    '## Tasks',
    '',
    '| Task | A | B | Change | Verdict in B | Iterations | Tokens | Cost | ID |',
    '| --- | --- | --- | --- | --- | --: | --: | --: | --- |',
    ...rows,
  ].join('\n');
}

/** `3 → 2 (-1)`; `3 → —` when the task is missing from a run; the value alone when it did not change. */
function compare(
  a: number | undefined,
  b: number | undefined,
  format: (value: number) => string,
  signed: (delta: number) => string,
): string {
  if (a === undefined || b === undefined)
    return `${a === undefined ? '—' : format(a)} → ${b === undefined ? '—' : format(b)}`;
  if (format(a) === format(b)) return format(b);
  return `${format(a)} → ${format(b)} (${signed(b - a)})`;
}

/** B − A, signed, with the relative change when asked and A is not zero. */
function difference(a: number, b: number, relative = false, signed: (delta: number) => string = signedInteger): string {
  const delta = b - a;
  if (delta === 0) return '0';
  if (!relative || a === 0) return signed(delta);
  const percent = (delta / a) * 100;
  return `${signed(delta)} (${percent > 0 ? '+' : ''}${percent.toFixed(1)}%)`;
}

function signedInteger(delta: number): string {
  return delta > 0 ? `+${formatInteger(delta)}` : delta < 0 ? `-${formatInteger(-delta)}` : '0';
}

function signedUsd(delta: number): string {
  return delta < 0 ? `-${formatUsd(-delta)}` : `+${formatUsd(delta)}`;
}

function signedDuration(delta: number): string {
  return delta < 0 ? `-${formatDuration(-delta)}` : `+${formatDuration(delta)}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
