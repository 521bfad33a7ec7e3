import type { Reporter, RunEvent, RunInfo, RunResults, TaskResult } from '@agentbatch/core';
import { firstLine } from '../shared/first-line.js';
import { formatClock, formatSeconds } from '../shared/format-duration.js';
import { runSummaryLines, taskEndLines } from './console-lines.js';
import type { ConsoleMessages } from './console-messages.js';
import type { Palette } from './create-palette.js';
import { withVariant } from './with-variant.js';

/**
 * The console reporter's plain view: timestamped lines, appended and never redrawn, so the output
 * reads well in CI logs and when piped.
 */
export class PlainConsole implements Reporter {
  readonly name = 'console';
  private total = 0;
  private runDir: string | undefined;
  /** Task id → index, from `task-queued` and `task-start`. */
  private readonly indexes = new Map<string, number>();
  /** Task id → its `matrix:` variant, from `task-start`: a task's variants are told apart by it. */
  private readonly variants = new Map<string, string>();
  private readonly endedTasks = new Set<string>();

  constructor(
    private readonly messages: ConsoleMessages,
    private readonly paint: Palette,
    private readonly stdout: Pick<NodeJS.WriteStream, 'write'>,
  ) {}

  onRunStart(info: RunInfo): void {
    this.total = info.total;
    this.runDir = info.runDir;
    this.write(this.paint.bold(this.messages.runStart(info.concurrency)));
  }

  onEvent(event: RunEvent): void {
    const m = this.messages;
    switch (event.type) {
      case 'task-queued':
        this.indexes.set(event.taskId, event.index);
        return;
      case 'task-start':
        this.indexes.set(event.taskId, event.index);
        if (event.variant !== undefined) this.variants.set(event.taskId, event.variant);
        this.timed(event.time, m.taskStart(this.label(event)));
        return;
      case 'iteration-start':
        if (event.iteration > 1) this.timed(event.time, m.iterationStart(this.label(event), event.iteration));
        return;
      case 'stage-start':
        if (event.stage === 'evaluate') this.timed(event.time, m.evaluating(this.label(event), event.iteration));
        return;
      case 'stage-note':
        this.timed(event.time, m.stageNote(this.label(event), event.stage, event.message));
        return;
      case 'stage-end':
        // Task-level hooks say what they did in their notes; code and evaluate in the lines around them.
        if (event.when === undefined && event.stage !== 'code' && event.stage !== 'evaluate') {
          const line = m.stageEnd(this.label(event), event.iteration, event.stage, formatSeconds(event.durationMs));
          this.timed(event.time, line);
        }
        return;
      case 'verdict': {
        const summary = firstLine(event.verdict.summary, 100);
        this.timed(event.time, m.verdict(this.label(event), event.iteration, event.verdict.status, summary));
        return;
      }
      case 'model-retry': {
        const delay = `${(event.delayMs / 1000).toFixed(1)}s`;
        const line = m.retry(this.label(event), event.role, event.attempt, delay, firstLine(event.reason, 120));
        this.write(this.paint.yellow(line));
        return;
      }
      case 'task-end':
        this.taskEnd(event.result, event.done, event.total);
        return;
      default:
        return;
    }
  }

  onRunEnd(results: RunResults): void {
    for (const line of runSummaryLines(results, this.runDir, this.messages, this.paint)) this.write(line);
  }

  /**
   * `2/5` for the task with index 1 of 5 (`2/5 @claude` under the `matrix:` variant `claude`, `2/5 #3`
   * for its third attempt); the id when the index is unknown.
   */
  private label(event: { taskId: string; taskAttempt?: number }): string {
    const label = this.taskLabel(event.taskId);
    return event.taskAttempt === undefined ? label : `${label} #${event.taskAttempt}`;
  }

  private taskLabel(taskId: string): string {
    const index = this.indexes.get(taskId);
    if (index === undefined) return taskId;
    return withVariant(`${index + 1}/${this.total}`, this.variants.get(taskId));
  }

  private taskEnd(result: TaskResult, done: number, total: number): void {
    if (this.endedTasks.has(result.id)) return;
    this.endedTasks.add(result.id);
    for (const line of taskEndLines(result, done, total, this.messages, this.paint)) this.write(line);
  }

  private timed(time: string, line: string): void {
    this.write(`${this.paint.dim(`[${formatClock(time)}]`)} ${line}`);
  }

  private write(line: string): void {
    this.stdout.write(`${line}\n`);
  }
}
