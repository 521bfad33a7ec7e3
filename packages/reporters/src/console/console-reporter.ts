import { join } from 'node:path';
import type {
  Reporter,
  ReporterContext,
  ReporterFactory,
  RunEvent,
  RunInfo,
  RunResults,
  TaskResult,
  TaskStatus,
} from '@agentbatch/core';
import { z } from 'zod';
import { firstLine } from '../shared/first-line.js';
import { formatClock, formatDuration, formatSeconds } from '../shared/format-duration.js';
import { formatPercent, formatUsd } from '../shared/format-number.js';
import { statusIcon } from '../shared/status-icon.js';
import { type ConsoleMessages, consoleMessages } from './console-messages.js';
import { createPalette, type Palette } from './create-palette.js';

export const optionsSchema = z.strictObject({
  lang: z
    .enum(['en', 'zh'])
    .default('en')
    .describe("Language of the lines: 'en' (default) or 'zh', the original wording"),
  color: z.boolean().optional().describe('ANSI colours; default: on when stdout is a terminal and NO_COLOR is unset'),
});

export type ConsoleReporterOptions = z.input<typeof optionsSchema>;

/** Statuses listed in the summary's count line, in this order. */
const NOT_COMPLETED: readonly TaskStatus[] = ['incomplete', 'failed', 'error', 'timeout', 'cancelled'];

/**
 * Prints the run as plain, timestamped lines on `context.stdout`, the lines users of the original
 * system know (`lang: 'zh'` gives its exact Chinese wording):
 *
 * ```
 * 🚀 Starting parallel run (concurrency: 3)...
 * [14:30:15] Task 1/5: started
 * [14:30:18] Task 2/5: iteration 1 evaluating...
 * ↻ Task 2/5: coder retry 1 in 2.0s (429 rate limited)
 * ✅ Task 1 completed (45.12s) [1/5]
 * 📊 Status: completed, iterations: 3
 * 💾 Tokens: 1,890 total (1,200 in, 690 out) - 3 calls
 * ```
 *
 * and a summary at the end: completed/total, duration, tokens by role, cached share, cost and the
 * path of `results.json`. Lines are appended, never redrawn, so the output also reads well in CI
 * logs and when piped.
 */
export const consoleReporter: ReporterFactory<ConsoleReporterOptions> = (options, context) => {
  const { lang, color } = optionsSchema.parse(options ?? {});
  return new ConsoleReporter(lang, color ?? defaultColor(context), context.stdout);
};

export default consoleReporter;

function defaultColor(context: ReporterContext): boolean {
  return context.stdout.isTTY === true && !process.env.NO_COLOR;
}

class ConsoleReporter implements Reporter {
  readonly name = 'console';
  private readonly messages: ConsoleMessages;
  private readonly paint: Palette;
  private total = 0;
  private runDir: string | undefined;
  private started = false;
  private ended = false;
  /** Task id → index, from `task-queued` and `task-start`. */
  private readonly indexes = new Map<string, number>();
  private readonly endedTasks = new Set<string>();

  constructor(
    lang: 'en' | 'zh',
    color: boolean,
    private readonly stdout: Pick<NodeJS.WriteStream, 'write'>,
  ) {
    this.messages = consoleMessages[lang];
    this.paint = createPalette(color);
  }

  onRunStart(info: RunInfo): void {
    this.start(info.total, info.concurrency, info.runDir);
  }

  onEvent(event: RunEvent): void {
    const m = this.messages;
    switch (event.type) {
      case 'run-start':
        this.start(event.total, event.concurrency, event.runDir);
        return;
      case 'task-queued':
        this.indexes.set(event.taskId, event.index);
        return;
      case 'task-start':
        this.indexes.set(event.taskId, event.index);
        this.timed(event.time, m.taskStart(this.label(event.taskId)));
        return;
      case 'iteration-start':
        if (event.iteration > 1) this.timed(event.time, m.iterationStart(this.label(event.taskId), event.iteration));
        return;
      case 'stage-end':
        if (event.stage === 'code') this.timed(event.time, m.evaluating(this.label(event.taskId), event.iteration));
        else if (event.stage !== 'evaluate') {
          const line = m.stageEnd(
            this.label(event.taskId),
            event.iteration,
            event.stage,
            formatSeconds(event.durationMs),
          );
          this.timed(event.time, line);
        }
        return;
      case 'verdict': {
        const summary = firstLine(event.verdict.summary, 100);
        this.timed(event.time, m.verdict(this.label(event.taskId), event.iteration, event.verdict.status, summary));
        return;
      }
      case 'model-retry': {
        const delay = `${(event.delayMs / 1000).toFixed(1)}s`;
        const line = m.retry(this.label(event.taskId), event.role, event.attempt, delay, firstLine(event.reason, 120));
        this.write(this.paint.yellow(line));
        return;
      }
      case 'task-end':
        this.taskEnd(event.result, event.done, event.total);
        return;
      case 'run-end':
        this.runEnd(event.results);
        return;
      default:
        return;
    }
  }

  onRunEnd(results: RunResults): void {
    this.runEnd(results);
  }

  private start(total: number, concurrency: number, runDir: string): void {
    this.total = total;
    this.runDir = runDir;
    if (this.started) return;
    this.started = true;
    this.write(this.paint.bold(this.messages.runStart(concurrency)));
  }

  /** `2/5` for the task with index 1 of 5; the id when the index is unknown. */
  private label(taskId: string): string {
    const index = this.indexes.get(taskId);
    return index === undefined ? taskId : `${index + 1}/${this.total}`;
  }

  private taskEnd(result: TaskResult, done: number, total: number): void {
    if (this.endedTasks.has(result.id)) return;
    this.endedTasks.add(result.id);
    const m = this.messages;
    const colour =
      result.status === 'completed'
        ? this.paint.green
        : result.status === 'failed' || result.status === 'error'
          ? this.paint.red
          : this.paint.yellow;
    const progress = `${done}/${total}`;
    this.write(
      colour(
        m.taskEnd(
          statusIcon(result.status),
          result.index + 1,
          result.status,
          formatSeconds(result.durationMs),
          progress,
        ),
      ),
    );
    this.write(m.taskStatus(result.status, result.iterations));
    this.write(m.tokens(result.usage));
    if (result.error) this.write(this.paint.red(m.taskError(result.error.code, firstLine(result.error.message, 200))));
  }

  private runEnd(results: RunResults): void {
    if (this.ended) return;
    this.ended = true;
    const m = this.messages;
    const { summary } = results;
    const colour = results.status === 'passed' ? this.paint.green : this.paint.red;
    const lines = [
      '',
      colour(
        this.paint.bold(m.runEnd(results.status, summary.completed, summary.total, formatDuration(results.durationMs))),
      ),
    ];
    const counts = NOT_COMPLETED.map((status) => [status, summary[status]] as const).filter(([, count]) => count > 0);
    if (counts.length > 0) lines.push(`   ${m.statusCounts(counts)}`);
    lines.push(m.tokens(summary.usage));
    lines.push(`   ${m.roleTokens('coder', summary.usageByRole.coder)}`);
    lines.push(`   ${m.roleTokens('evaluator', summary.usageByRole.evaluator)}`);
    const { cachedInputTokens, inputTokens } = summary.usage;
    lines.push(`   ${m.cachedShare(formatPercent(cachedInputTokens, inputTokens), cachedInputTokens, inputTokens)}`);
    lines.push(m.cost(formatUsd(summary.costUsd)));
    if (this.runDir !== undefined) lines.push(m.results(join(this.runDir, 'results.json')));
    for (const line of lines) this.write(line);
  }

  private timed(time: string, line: string): void {
    this.write(`${this.paint.dim(`[${formatClock(time)}]`)} ${line}`);
  }

  private write(line: string): void {
    this.stdout.write(`${line}\n`);
  }
}
