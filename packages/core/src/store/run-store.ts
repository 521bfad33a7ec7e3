import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { RunEvent } from '../plugin/run-event.js';
import type { RunResults } from '../plugin/run-results.js';

/**
 * The run directory (DESIGN.md §6), the run's single source of truth on disk:
 * `results.json` (replaced atomically, so it is never half-written), `events.jsonl`, and
 * `tasks/<taskId>/transcript.jsonl`. Appends are synchronous so that a crash loses nothing
 * that was reported as done.
 */
export class RunStore {
  readonly eventsFile: string;
  readonly resultsFile: string;

  constructor(readonly runDir: string) {
    mkdirSync(join(runDir, 'tasks'), { recursive: true });
    this.eventsFile = join(runDir, 'events.jsonl');
    this.resultsFile = join(runDir, 'results.json');
  }

  appendEvent(event: RunEvent): void {
    appendFileSync(this.eventsFile, `${JSON.stringify(event)}\n`);
  }

  async writeResults(results: RunResults): Promise<void> {
    await writeFileAtomic(this.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  }

  taskDir(taskId: string): string {
    const dir = join(this.runDir, 'tasks', taskId);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  appendTranscript(taskId: string, entry: Record<string, unknown>): void {
    appendFileSync(join(this.taskDir(taskId), 'transcript.jsonl'), `${JSON.stringify(entry)}\n`);
  }
}
