import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults, TaskResult } from '../plugin/run-results.js';
import type { TaskCheckpoint } from '../plugin/task-checkpoint.js';
import type { TaskStore } from '../plugin/task-store.js';
import { noSecrets, type SecretMasker } from '../secrets/secret-masker.js';
import { AppendLog, type AppendLogOptions } from './append-log.js';
import { resultsText, taskResultText } from './results-text.js';
import { SnapshotFile } from './snapshot-file.js';
import { withFolder } from './with-folder.js';

/** How far `results.json` may fall behind the task-results log while a run goes on. */
const resultsIntervalMs = 1000;

/**
 * How long a transcript line waits for others to join its write: a task's lines come a model call
 * apart, so waiting a second writes several turns at once (a busy run has a hundred transcripts
 * open). Events and task results go out within the log's default, 100 ms.
 */
const transcriptBatchMs = 1000;

/**
 * The run directory (DESIGN.md §6), the run's single source of truth on disk:
 * `results.json` (replaced atomically, so it is never half-written), `task-results.jsonl` (each
 * task's result as it ends), `events.jsonl`, and `tasks/<taskId>/transcript.jsonl`,
 * `checkpoint.json` and `diff.patch`. Nothing is written on the event loop: appends go out in batches
 * (the lines of 100 ms together, of a second in a transcript), one write per file in flight (`flush`
 * waits for them), and while the run goes on `results.json` is rewritten at most once a second
 * (`writeResultsSoon`), so a run of 10,000 tasks does not rewrite it 10,000 times. A task's result
 * is in `task-results.jsonl` within 100 ms and one write after it ends, and the readers
 * (`readRunResults`, `--resume`, `report`) add what `results.json` lacks.
 * Every text written here goes through the run's `masker`, so no configured key reaches the run
 * folder.
 */
export class RunStore implements TaskStore {
  readonly eventsFile: string;
  readonly resultsFile: string;
  readonly taskResultsFile: string;
  private readonly logs = new Map<string, AppendLog>();
  private readonly results: SnapshotFile;
  /** Each finished task's masked part of `results.json`, made once for all the snapshots that follow. */
  private readonly taskTexts = new WeakMap<TaskResult, string>();
  private failure: unknown;

  constructor(
    readonly runDir: string,
    readonly masker: SecretMasker = noSecrets,
  ) {
    mkdirSync(join(runDir, 'tasks'), { recursive: true });
    this.eventsFile = join(runDir, 'events.jsonl');
    this.resultsFile = join(runDir, 'results.json');
    this.taskResultsFile = join(runDir, 'task-results.jsonl');
    this.results = new SnapshotFile(this.resultsFile, resultsIntervalMs);
  }

  appendEvent(event: RunEvent): void {
    this.append(this.eventsFile, `${JSON.stringify(event)}\n`);
  }

  /**
   * Records a finished task in `task-results.jsonl` (the last line of a task wins). The task's
   * events go to disk now, so that its result line, written with the next batch, does not reach
   * the disk before them (a crash in between would count calls that `events.jsonl` lacks).
   */
  appendTaskResult(result: TaskResult): void {
    void this.flushEvents();
    this.append(this.taskResultsFile, `${JSON.stringify(result)}\n`);
  }

  /** Rewrites `results.json` at once (after any write in flight), every task serialised afresh. */
  async writeResults(results: RunResults): Promise<void> {
    await this.results.now(() => this.masker.mask(resultsText(results)));
  }

  /**
   * Rewrites `results.json` within a second; `build` is called only when the write starts. The
   * tasks in it are finished ones, which do not change: each is serialised and masked once.
   */
  writeResultsSoon(build: () => RunResults): void {
    this.results.soon(() =>
      resultsText(
        build(),
        (task) => this.taskText(task),
        (head) => this.masker.mask(head),
      ),
    );
  }

  private taskText(task: TaskResult): string {
    let text = this.taskTexts.get(task);
    if (text === undefined) {
      text = this.masker.mask(taskResultText(task));
      this.taskTexts.set(task, text);
    }
    return text;
  }

  appendTranscript(taskId: string, entry: Record<string, unknown>): void {
    this.append(this.taskFile(taskId, 'transcript.jsonl'), `${JSON.stringify(entry)}\n`, {
      createFolder: true,
      batchMs: transcriptBatchMs,
    });
  }

  /** Puts the events appended so far on disk now, without waiting for the log's next batch; failures are the log's to report. */
  private async flushEvents(): Promise<void> {
    await this.logs
      .get(this.eventsFile)
      ?.flush()
      .catch(() => undefined);
  }

  /** Resolves when every append so far is on disk; rejects with the first one that failed. */
  async flush(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.flush().catch(() => undefined)));
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Writes the task's checkpoint once every event appended so far is on disk: a crash right after
   * it must not leave a model call counted in the checkpoint (and so in the resumed results) but
   * missing from `events.jsonl`.
   */
  async writeCheckpoint(checkpoint: TaskCheckpoint): Promise<void> {
    await this.flushEvents();
    const file = this.taskFile(checkpoint.taskId, 'checkpoint.json');
    const text = this.masker.mask(JSON.stringify(checkpoint));
    await withFolder(file, () => writeFileAtomic(file, text));
  }

  async writeDiff(taskId: string, patch: string): Promise<void> {
    const file = this.taskFile(taskId, 'diff.patch');
    const text = this.masker.mask(patch);
    await withFolder(file, () => writeFile(file, text));
  }

  /** The task's last checkpoint, or undefined when it never finished an iteration (or the file is unreadable). */
  readCheckpoint(taskId: string): TaskCheckpoint | undefined {
    const file = this.taskFile(taskId, 'checkpoint.json');
    if (!existsSync(file)) return undefined;
    try {
      const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as TaskCheckpoint;
      return checkpoint.checkpointVersion === 1 ? checkpoint : undefined;
    } catch {
      return undefined;
    }
  }

  /** One log per file while it has lines to write; a log idle for a while is dropped, so finished tasks keep none. */
  private append(file: string, line: string, options: AppendLogOptions = {}): void {
    let log = this.logs.get(file);
    if (!log) {
      log = new AppendLog(file, {
        ...options,
        onIdle: (failure) => {
          this.failure ??= failure;
        },
        onClose: () => this.logs.delete(file),
      });
      this.logs.set(file, log);
    }
    log.append(this.masker.mask(line));
  }

  /** A file in `tasks/<taskId>/`; the folder is created by the first write into it. */
  taskFile(taskId: string, name: string): string {
    return join(this.runDir, 'tasks', taskId, name);
  }
}
