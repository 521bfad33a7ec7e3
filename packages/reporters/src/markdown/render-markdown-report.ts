import type { RunResults, TaskResult, TaskStatus, Usage } from '@agentbatch/core';
import { formatDuration } from '../shared/format-duration.js';
import { formatInteger, formatPercent, formatUsd } from '../shared/format-number.js';
import { statusIcon } from '../shared/status-icon.js';
import { taskLabel, verdictLine } from '../shared/task-label.js';
import { escapeMarkdownCell as cell } from './escape-markdown-cell.js';

/** How many tasks the "slowest" and "most expensive" sections list. */
const TOP = 3;

const STATUSES: readonly TaskStatus[] = ['completed', 'incomplete', 'failed', 'error', 'timeout', 'cancelled'];

/**
 * Renders a run's results as a Markdown report: overview (completion rate, duration, tokens, cost),
 * one table row per task (named by folder and prompt, with the verdict summary), token use by role with the cached share, the slowest and most expensive
 * tasks, and failures grouped by cause (`error.code`, else the status). Tasks appear in task-list
 * order. Pure, so `agentbatch report RUN_DIR` can re-render a stored `results.json`.
 */
export function renderMarkdownReport(results: RunResults): string {
  const tasks = [...results.tasks].sort((a, b) => a.index - b.index);
  const sections = [
    overview(results),
    taskTable(tasks),
    roleTable(results),
    slowest(tasks),
    mostExpensive(tasks),
    failures(tasks),
    attempts(tasks),
    workspaces(tasks),
  ].filter((section) => section !== '');
  return `${sections.join('\n\n')}\n`;
}

function overview(results: RunResults): string {
  const { summary } = results;
  const usage = summary.usage;
  const counts = STATUSES.filter((status) => status !== 'completed' && summary[status] > 0)
    .map((status) => `${summary[status]} ${status}`)
    .join(', ');
  return [
    '# agentbatch run report',
    '',
    `- **Run:** ${cell(results.runId)} — **${results.status}**`,
    `- **Started:** ${results.startedAt} · **Ended:** ${results.endedAt}`,
    `- **Completed:** ${summary.completed}/${summary.total} (${formatPercent(summary.completed, summary.total)})${counts ? ` · ${counts}` : ''}`,
    `- **Duration:** ${formatDuration(results.durationMs)}`,
    `- **Tokens:** ${formatInteger(usage.totalTokens)} (${formatInteger(usage.inputTokens)} in, ${formatInteger(usage.outputTokens)} out, ${formatInteger(usage.calls)} calls) · ${formatPercent(usage.cachedInputTokens, usage.inputTokens)} of input cached`,
    `- **Cost:** ${formatUsd(summary.costUsd)}`,
  ].join('\n');
}

function taskTable(tasks: readonly TaskResult[]): string {
  const header = [
    '## Tasks',
    '',
    '| # | Task | Status | Verdict | Iterations | Duration | Coder tokens | Evaluator tokens | Cost | ID |',
    '| --: | --- | --- | --- | --: | --: | --: | --: | --: | --- |',
  ];
  const rows = tasks.map((task) =>
    row([
      String(task.index + 1),
      cell(taskLabel(task)),
      `${statusIcon(task.status)} ${task.status}`,
      cell(verdictLine(task)),
      String(task.iterations),
      formatDuration(task.durationMs),
      formatInteger(task.usageByRole.coder.totalTokens),
      formatInteger(task.usageByRole.evaluator.totalTokens),
      formatUsd(task.costUsd),
      cell(task.id),
    ]),
  );
  return rows.length > 0 ? [...header, ...rows].join('\n') : '## Tasks\n\n_No tasks._';
}

function roleTable(results: RunResults): string {
  const { usageByRole, usage } = results.summary;
  const usageRow = (label: string, value: Usage) =>
    row([
      label,
      formatInteger(value.calls),
      formatInteger(value.inputTokens),
      formatInteger(value.cachedInputTokens),
      formatPercent(value.cachedInputTokens, value.inputTokens),
      formatInteger(value.outputTokens),
      formatInteger(value.reasoningTokens),
      formatInteger(value.totalTokens),
    ]);
  return [
    '## Token usage by role',
    '',
    '| Role | Calls | Input | Cached input | Cached share | Output | Reasoning | Total |',
    '| --- | --: | --: | --: | --: | --: | --: | --: |',
    usageRow('coder', usageByRole.coder),
    usageRow('evaluator', usageByRole.evaluator),
    usageRow('**all**', usage),
  ].join('\n');
}

function slowest(tasks: readonly TaskResult[]): string {
  const top = [...tasks].sort((a, b) => b.durationMs - a.durationMs || a.index - b.index).slice(0, TOP);
  return rankTable('## Slowest tasks', ['Duration', 'Status'], ['--:', '---'], top, (task) => [
    formatDuration(task.durationMs),
    task.status,
  ]);
}

function mostExpensive(tasks: readonly TaskResult[]): string {
  const top = [...tasks]
    .sort((a, b) => b.costUsd - a.costUsd || b.usage.totalTokens - a.usage.totalTokens || a.index - b.index)
    .slice(0, TOP);
  return rankTable('## Most expensive tasks', ['Cost', 'Tokens'], ['--:', '--:'], top, (task) => [
    formatUsd(task.costUsd),
    formatInteger(task.usage.totalTokens),
  ]);
}

function rankTable(
  title: string,
  columns: readonly string[],
  alignments: readonly string[],
  tasks: readonly TaskResult[],
  values: (task: TaskResult) => string[],
): string {
  if (tasks.length === 0) return `${title}\n\n_No tasks._`;
  return [
    title,
    '',
    row(['#', 'Task', ...columns]),
    row(['--:', '---', ...alignments]),
    ...tasks.map((task) => row([String(task.index + 1), cell(taskLabel(task)), ...values(task)])),
  ].join('\n');
}

function failures(tasks: readonly TaskResult[]): string {
  const groups = new Map<string, TaskResult[]>();
  for (const task of tasks) {
    if (task.status === 'completed') continue;
    const cause = task.error?.code ?? task.status;
    const group = groups.get(cause);
    if (group) group.push(task);
    else groups.set(cause, [task]);
  }
  if (groups.size === 0) return '## Failures\n\nNone — every task completed.';
  const lines = ['## Failures'];
  for (const [cause, group] of groups) {
    lines.push('', `### ${cell(cause)} (${group.length})`, '');
    for (const task of group) {
      const detail = task.error?.message ?? task.verdict?.summary ?? '(no error message or verdict)';
      const iterations = `${task.iterations} ${task.iterations === 1 ? 'iteration' : 'iterations'}`;
      lines.push(
        `- **#${task.index + 1} ${cell(taskLabel(task))}** (${cell(task.id)}, ${task.status}, ${iterations}): ${cell(detail)}`,
      );
    }
  }
  return lines.join('\n');
}

/** Each try of the tasks that had several (`run.attempts`), the chosen one marked; empty when none had. */
function attempts(tasks: readonly TaskResult[]): string {
  const tried = tasks.filter((task) => task.attempts && task.attempts.length > 0);
  if (tried.length === 0) return '';
  const lines = [
    '## Attempts',
    '',
    '| # | ID | Attempt | Status | Iterations | Verify | Tokens | Cost | Chosen |',
    '| --: | --- | --: | --- | --: | --: | --: | --: | --- |',
  ];
  for (const task of tried) {
    for (const attempt of task.attempts ?? []) {
      lines.push(
        row([
          String(task.index + 1),
          cell(task.id),
          String(attempt.attempt),
          `${statusIcon(attempt.status)} ${attempt.status}`,
          String(attempt.iterations),
          attempt.verifyExitCode === undefined ? '–' : `exit ${attempt.verifyExitCode}`,
          formatInteger(attempt.usage.totalTokens),
          formatUsd(attempt.costUsd),
          attempt.attempt === task.chosenAttempt ? '✔' : '',
        ]),
      );
    }
  }
  return lines.join('\n');
}

/** Where results went outside the run folder: worktree branches and copies applied back; empty when nowhere. */
function workspaces(tasks: readonly TaskResult[]): string {
  const lines: string[] = [];
  for (const task of tasks) {
    const label = `**#${task.index + 1} ${cell(task.id)}**`;
    if (task.branch) lines.push(`- ${label}: branch \`${task.branch}\``);
    if (task.applyBack?.status === 'applied') lines.push(`- ${label}: applied back to \`${task.dir}\``);
    if (task.applyBack?.status === 'conflict') {
      lines.push(`- ${label}: **not applied back** to \`${task.dir}\`: ${cell(task.applyBack.message ?? 'conflict')}`);
    }
  }
  return lines.length > 0 ? ['## Workspaces', '', ...lines].join('\n') : '';
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
