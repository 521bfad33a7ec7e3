import path from 'node:path';
import type { WorkspaceRequest } from '../workspaces/task-workspace.js';
import { makeTempDir, writeFiles } from './temp-dir.js';

/** A task folder holding a buggy `calc.js` and a README, the files most copy tests start from. */
export const calcFiles: Record<string, string> = { 'calc.js': 'add = (a, b) => a - b;\n', 'README.md': 'calc\n' };

/** A temp task folder with `files`, and the request for a copy of it in a run folder beside it. */
export async function copyFixture(files: Record<string, string> = calcFiles) {
  const base = await makeTempDir();
  const sourceDir = await writeFiles(path.join(base, 'original'), files);
  const request: WorkspaceRequest = {
    mode: 'copy',
    sourceDir,
    stateDir: path.join(base, 'run/tasks/t1'),
    branch: 'unused',
    exclude: [],
    fresh: false,
  };
  return { sourceDir, request };
}
