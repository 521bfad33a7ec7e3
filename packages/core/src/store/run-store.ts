import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults, TaskResult } from '../plugin/run-results.js';
import type { TaskCheckpoint } from '../plugin/task-checkpoint.js';
import type { TaskStore } from '../plugin/task-store.js';
import { noSecrets, type SecretMasker } from '../secrets/secret-masker.js';
import { AppendLog } from './append-log.js';
import { resultsText, taskResultText } from './results-text.js';
import { SnapshotFile } from './snapshot-file.js';

/** How far `results.json` may fall behind the task-results log while a run goes on. */
const resultsIntervalMs = 1000;

/**
 * The run directory (DESIGN.md §6), the run's single source of truth on disk:
 * `results.json` (replaced atomically, so it is never half-written), `task-results.jsonl` (each
 * task's result as it ends), `events.jsonl`, and `tasks/<taskId>/transcript.jsonl`,
 * `checkpoint.json` and `diff.patch`. Nothing is written on the event loop: appends go out in batches, one write
 * per file in flight (`flush` waits for them), and while the run goes on `results.json` is
 * rewritten at most once a second (`writeResultsSoon`), so a run of 10,000 tasks does not
 * rewrite it 10,000 times. A task's result is in `task-results.jsonl` one batched write after it
 * ends, and the readers (`readRunResults`, `--resume`, `report`) add what `results.json` lacks.
 * Every text written here goes through the run's `masker`, so no configured key reaches the run
 * folder.
 */
export class RunStore implements TaskStore {
  readonly eventsFile: string;
  readonly resultsFile: string;
  readonly taskResultsFile: string;
  private readonly logs = new Map<string, AppendLog>();
  private readonly taskDirs = new Set<string>();
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

  /** Records a finished task in `task-results.jsonl` (the last line of a task wins). */
  appendTaskResult(result: TaskResult): void {
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

  taskDir(taskId: string): string {
    const dir = join(this.runDir, 'tasks', taskId);
    if (!this.taskDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.taskDirs.add(dir);
    }
    return dir;
  }

  appendTranscript(taskId: string, entry: Record<string, unknown>): void {
    this.append(join(this.taskDir(taskId), 'transcript.jsonl'), `${JSON.stringify(entry)}\n`);
  }

  /** Resolves when every append so far is on disk; rejects with the first one that failed. */
  async flush(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.flush().catch(() => undefined)));
    if (this.failure !== undefined) throw this.failure;
  }

  async writeCheckpoint(checkpoint: TaskCheckpoint): Promise<void> {
    await writeFileAtomic(
      join(this.taskDir(checkpoint.taskId), 'checkpoint.json'),
      this.masker.mask(JSON.stringify(checkpoint)),
    );
  }

  async writeDiff(taskId: string, patch: string): Promise<void> {
    await writeFile(join(this.taskDir(taskId), 'diff.patch'), this.masker.mask(patch));
  }

  /** The task's last checkpoint, or undefined when it never finished an iteration (or the file is unreadable). */
  readCheckpoint(taskId: string): TaskCheckpoint | undefined {
    const file = join(this.runDir, 'tasks', taskId, 'checkpoint.json');
    if (!existsSync(file)) return undefined;
    try {
      const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as TaskCheckpoint;
      return checkpoint.checkpointVersion === 1 ? checkpoint : undefined;
    } catch {
      return undefined;
    }
  }

  /** One log per file while it has lines to write; a log idle for a while is dropped, so finished tasks keep none. */
  private append(file: string, line: string): void {
    let log = this.logs.get(file);
    if (!log) {
      log = new AppendLog(file, {
        onIdle: (failure) => {
          this.failure ??= failure;
        },
        onClose: () => this.logs.delete(file),
      });
      this.logs.set(file, log);
    }
    log.append(this.masker.mask(line));
  }
}
