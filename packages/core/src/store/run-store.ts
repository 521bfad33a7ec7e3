import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults } from '../plugin/run-results.js';
import type { TaskCheckpoint } from '../plugin/task-checkpoint.js';
import type { TaskStore } from '../plugin/task-store.js';
import { noSecrets, type SecretMasker } from '../secrets/secret-masker.js';

/**
 * The run directory (DESIGN.md §6), the run's single source of truth on disk:
 * `results.json` (replaced atomically, so it is never half-written), `events.jsonl`, and
 * `tasks/<taskId>/transcript.jsonl`, `checkpoint.json` and `diff.patch`. Appends are synchronous so that a crash loses nothing
 * that was reported as done. Every text written here goes through the run's `masker`, so no
 * configured key reaches the run folder.
 */
export class RunStore implements TaskStore {
  readonly eventsFile: string;
  readonly resultsFile: string;

  constructor(
    readonly runDir: string,
    readonly masker: SecretMasker = noSecrets,
  ) {
    mkdirSync(join(runDir, 'tasks'), { recursive: true });
    this.eventsFile = join(runDir, 'events.jsonl');
    this.resultsFile = join(runDir, 'results.json');
  }

  appendEvent(event: RunEvent): void {
    appendFileSync(this.eventsFile, this.masker.mask(`${JSON.stringify(event)}\n`));
  }

  async writeResults(results: RunResults): Promise<void> {
    await writeFileAtomic(this.resultsFile, this.masker.mask(`${JSON.stringify(results, null, 2)}\n`));
  }

  taskDir(taskId: string): string {
    const dir = join(this.runDir, 'tasks', taskId);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  appendTranscript(taskId: string, entry: Record<string, unknown>): void {
    appendFileSync(join(this.taskDir(taskId), 'transcript.jsonl'), this.masker.mask(`${JSON.stringify(entry)}\n`));
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
}
