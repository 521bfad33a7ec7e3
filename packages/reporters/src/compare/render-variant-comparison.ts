import type { RunResults, TaskResult, VariantSummary } from '@agentbatch/core';
import { escapeMarkdownCell as cell } from '../markdown/escape-markdown-cell.js';
import { formatDuration } from '../shared/format-duration.js';
import { formatInteger, formatPercent, formatUsd } from '../shared/format-number.js';
import { statusIcon } from '../shared/status-icon.js';
import { taskLabel } from '../shared/task-label.js';

/**
 * A `matrix:` run's variants side by side, as Markdown: one row per variant (completion rate,
 * iterations, tokens, cost, time) and one row per task with each variant's outcome. `''` for a
 * run without a matrix. Headings start at `level` (`##` inside `report.md`).
 */
export function renderVariantComparison(results: RunResults, level = 2): string {
  const byVariant = results.summary.byVariant;
  if (!byVariant) return '';
  const names = Object.keys(byVariant);
  const heading = '#'.repeat(level);
  return [
    `${heading} Variants`,
    '',
    totalsTable(byVariant),
    '',
    `${heading} Tasks by variant`,
    '',
    taskTable(results.tasks, names),
  ].join('\n');
}

function totalsTable(byVariant: Record<string, VariantSummary>): string {
  const rows = Object.entries(byVariant).map(([name, variant]) =>
    row([
      cell(name),
      `${variant.completed}/${variant.total}`,
      formatPercent(variant.completed, variant.total),
      String(variant.iterations),
      (variant.total > 0 ? variant.iterations / variant.total : 0).toFixed(1),
      formatInteger(variant.usage.inputTokens),
      formatInteger(variant.usage.outputTokens),
      formatInteger(variant.usage.totalTokens),
      formatInteger(variant.usage.calls),
      formatUsd(variant.costUsd),
      formatDuration(variant.durationMs),
    ]),
  );
  return [
    '| Variant | Completed | Rate | Iterations | Per task | Input tokens | Output tokens | Tokens | Calls | Cost | Time |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...rows,
  ].join('\n');
}

/** A row per task of the list, a column per variant: status, iterations and tokens of that variant's run of it. */
function taskTable(tasks: readonly TaskResult[], names: readonly string[]): string {
  const byTask = new Map<string, Map<string, TaskResult>>();
  for (const task of [...tasks].sort((a, b) => a.index - b.index)) {
    if (task.variant === undefined) continue;
    const taskId = task.id.slice(0, task.id.length - task.variant.length - 1);
    const row = byTask.get(taskId) ?? new Map<string, TaskResult>();
    row.set(task.variant, task);
    byTask.set(taskId, row);
  }
  const rows = [...byTask].map(([taskId, variants]) => {
    const first = variants.values().next().value as TaskResult;
    return row([cell(taskLabel(first)), ...names.map((name) => outcome(variants.get(name))), cell(taskId)]);
  });
  return [row(['Task', ...names.map(cell), 'ID']), row(['---', ...names.map(() => '---'), '---']), ...rows].join('\n');
}

function outcome(task: TaskResult | undefined): string {
  if (!task) return '–';
  const iterations = `${task.iterations} ${task.iterations === 1 ? 'iteration' : 'iterations'}`;
  return `${statusIcon(task.status)} ${task.status}, ${iterations}, ${formatInteger(task.usage.totalTokens)} tokens`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
