/**
 * The lines the console prints for good, in both of its views: a finished task's three or four
 * lines, and the run's summary. The plain view appends them to its log; the live view prints them
 * above its redrawn area.
 */
import { join } from 'node:path';
import type { RunResults, TaskResult, TaskStatus } from '@agentbatch/core';
import { firstLine } from '../shared/first-line.js';
import { formatDuration, formatSeconds } from '../shared/format-duration.js';
import { formatPercent, formatUsd } from '../shared/format-number.js';
import { statusIcon } from '../shared/status-icon.js';
import { taskLabel, verdictLine } from '../shared/task-label.js';
import type { ConsoleMessages } from './console-messages.js';
import type { Palette } from './create-palette.js';
import { withVariant } from './with-variant.js';

/** Statuses listed in the summary's count line, in this order. */
const NOT_COMPLETED: readonly TaskStatus[] = ['incomplete', 'failed', 'error', 'timeout', 'cancelled'];
/** How many unfinished tasks the summary names; a big batch's others are in report.md. */
const UNFINISHED_SHOWN = 10;

/** `✅ Task 1 completed (45.12s) [1/5]` (`Task 1 @claude` under a `matrix:` variant), its status, its tokens and, if any, its error. */
export function taskEndLines(
  result: TaskResult,
  done: number,
  total: number,
  messages: ConsoleMessages,
  paint: Palette,
): string[] {
  const colour = statusColour(result.status, paint);
  const duration = formatSeconds(result.durationMs);
  const task = withVariant(`${result.index + 1}`, result.variant);
  const lines = [
    colour(messages.taskEnd(statusIcon(result.status), task, result.status, duration, `${done}/${total}`)),
    messages.taskStatus(result.status, result.iterations),
    messages.tokens(result.usage),
  ];
  if (result.error) lines.push(paint.red(messages.taskError(result.error.code, firstLine(result.error.message, 200))));
  if (result.attempts && result.chosenAttempt !== undefined) {
    lines.push(messages.attempts(result.attempts, result.chosenAttempt));
  }
  if (result.branch) lines.push(messages.branch(result.branch));
  if (result.applyBack) {
    const line = messages.applyBack(result.applyBack, result.dir);
    lines.push(result.applyBack.status === 'conflict' ? paint.red(line) : line);
  }
  return lines;
}

/**
 * The summary after the last task: a blank line, run status with completed/total and duration,
 * counts of unfinished tasks and the first of them by name, tokens overall and by role, cached share, cost, and where
 * `results.json` is (when the run directory is known).
 */
export function runSummaryLines(
  results: RunResults,
  runDir: string | undefined,
  messages: ConsoleMessages,
  paint: Palette,
): string[] {
  const { summary } = results;
  const colour = results.status === 'passed' ? paint.green : paint.red;
  const duration = formatDuration(results.durationMs);
  const lines = ['', colour(paint.bold(messages.runEnd(results.status, summary.completed, summary.total, duration)))];
  const counts = NOT_COMPLETED.map((status) => [status, summary[status]] as const).filter(([, count]) => count > 0);
  if (counts.length > 0) lines.push(`   ${messages.statusCounts(counts)}`);
  lines.push(...unfinishedLines(results, runDir, messages, paint));
  lines.push(messages.tokens(summary.usage));
  lines.push(`   ${messages.roleTokens('coder', summary.usageByRole.coder)}`);
  lines.push(`   ${messages.roleTokens('evaluator', summary.usageByRole.evaluator)}`);
  const { cachedInputTokens, inputTokens } = summary.usage;
  lines.push(
    `   ${messages.cachedShare(formatPercent(cachedInputTokens, inputTokens), cachedInputTokens, inputTokens)}`,
  );
  lines.push(messages.cost(formatUsd(summary.costUsd)));
  for (const [name, variant] of Object.entries(summary.byVariant ?? {})) {
    const { completed, total, iterations, usage, costUsd, durationMs } = variant;
    const time = formatDuration(durationMs);
    lines.push(messages.variant(name, completed, total, iterations, usage.totalTokens, formatUsd(costUsd), time));
  }
  if (runDir !== undefined) lines.push(messages.results(join(runDir, 'results.json')));
  return lines;
}

/**
 * The tasks that did not complete, named by folder and prompt with why (error, else the verdict):
 * the first few, then how many more and where to read them all.
 */
function unfinishedLines(
  results: RunResults,
  runDir: string | undefined,
  messages: ConsoleMessages,
  paint: Palette,
): string[] {
  const unfinished = [...results.tasks].filter((task) => task.status !== 'completed').sort((a, b) => a.index - b.index);
  const lines = unfinished.slice(0, UNFINISHED_SHOWN).map((task) => {
    const detail = task.error ? firstLine(task.error.message, 100) : verdictLine(task);
    const line = messages.unfinishedTask(task.index + 1, taskLabel(task, 50), task.status, detail);
    return `   ${statusColour(task.status, paint)(`${statusIcon(task.status)} ${line}`)}`;
  });
  const more = unfinished.length - UNFINISHED_SHOWN;
  if (more > 0) lines.push(`   ${messages.moreUnfinished(more, runDir ? join(runDir, 'report.md') : 'report.md')}`);
  return lines;
}

/** Green for completed, red for failed and error, yellow for the rest. */
export function statusColour(status: TaskStatus, paint: Palette): (text: string) => string {
  if (status === 'completed') return paint.green;
  return status === 'failed' || status === 'error' ? paint.red : paint.yellow;
}
