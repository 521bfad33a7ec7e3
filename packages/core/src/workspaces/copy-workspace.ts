import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Baseline } from './baseline.js';
import { copyFolder } from './copy-folder.js';
import { readingFolder } from './folder-lock.js';
import type { TaskWorkspace, WorkspaceRequest } from './task-workspace.js';

/**
 * A copy of the task's folder in `<stateDir>/workspace`, with a baseline of how it started in
 * `<stateDir>/baseline.git` so its change is a git patch. The original is only read; `applyPatch`
 * brings a change back to it.
 *
 * The workspace is ready once the copy is made: the baseline is taken of the original meanwhile,
 * while the agents start, and `diff` waits for it. A change applied back to the same original
 * (`writingFolder`) waits until both the copy and its baseline are taken, so the two always agree.
 */
export async function copyWorkspace(request: WorkspaceRequest): Promise<TaskWorkspace> {
  const dir = path.join(request.stateDir, 'workspace');
  const baseline = new Baseline(path.join(request.stateDir, 'baseline.git'), leftOut(request));
  const { taken } = await startCopy(request, dir, baseline);
  // `diff` reports a failed baseline; until then the failure is not an unhandled rejection.
  const settled = taken.catch(() => undefined);
  return {
    mode: 'copy',
    dir,
    async diff() {
      await taken;
      return baseline.changeOf(dir);
    },
    commit: async () => {},
    async remove() {
      await settled;
      await rm(dir, { recursive: true, force: true });
      await rm(baseline.gitDir, { recursive: true, force: true });
    },
  };
}

/** Makes the copy (or finds it again) and starts taking its baseline; resolves once the copy is there. */
async function startCopy(
  request: WorkspaceRequest,
  dir: string,
  baseline: Baseline,
): Promise<{ taken: Promise<void> }> {
  const source = request.sourceDir;
  if (!request.fresh && existsSync(dir)) {
    if (await baseline.isTaken(dir)) return { taken: Promise.resolve() };
    // The earlier session stopped before the baseline was taken: the original still shows how the copy started.
    return { taken: readingFolder(source, () => baseline.take(source, undefined)) };
  }
  return new Promise((resolve, reject) => {
    void readingFolder(source, async () => {
      const copiedAt = Date.now();
      try {
        await rm(dir, { recursive: true, force: true });
        await copyFolder(source, dir, request.exclude);
      } catch (error) {
        reject(error);
        return;
      }
      const taken = baseline.take(source, copiedAt);
      resolve({ taken });
      // The original stays read, and so unchanged by an apply-back, until its baseline is taken.
      await taken.catch(() => undefined);
    });
  });
}

/** The folders of `exclude` inside the task's folder, relative to it. */
function leftOut(request: WorkspaceRequest): string[] {
  return request.exclude
    .map((folder) => path.relative(request.sourceDir, folder))
    .filter((relative) => relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative));
}
