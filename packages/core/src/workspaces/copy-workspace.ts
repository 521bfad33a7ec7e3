import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFolder } from './copy-folder.js';
import { git } from './git.js';
import type { ApplyBackOutcome, TaskWorkspace, WorkspaceRequest } from './task-workspace.js';

/**
 * A copy of the task's folder in `<stateDir>/workspace`, with a snapshot of how it started in a
 * repository kept beside it (`<stateDir>/baseline.git`, out of the agents' sight), so its change is
 * a real git patch whether or not the original is a repository. The original is only ever read —
 * until `applyBack`.
 */
export async function copyWorkspace(request: WorkspaceRequest): Promise<TaskWorkspace> {
  const dir = path.join(request.stateDir, 'workspace');
  const baseline = path.join(request.stateDir, 'baseline.git');
  const gitEnv = { GIT_DIR: baseline, GIT_WORK_TREE: dir };
  const reuse = !request.fresh && existsSync(path.join(baseline, 'HEAD')) && existsSync(dir);
  if (!reuse) {
    await rm(request.stateDir, { recursive: true, force: true });
    await copyFolder(request.sourceDir, dir, request.exclude);
    await git(['init', '-q', '--bare', baseline], { cwd: request.stateDir });
    // Files the original's .gitignore leaves out (node_modules, build output) are not part of the change.
    await git(['add', '-A'], { cwd: dir, env: gitEnv });
    await git(['commit', '-q', '--allow-empty', '--no-verify', '-m', 'baseline'], { cwd: dir, env: gitEnv });
  }
  return {
    mode: 'copy',
    dir,
    async diff() {
      await git(['add', '-A'], { cwd: dir, env: gitEnv });
      return (await git(['diff', '--cached', '--no-color', '--binary', 'HEAD'], { cwd: dir, env: gitEnv })).stdout;
    },
    commit: async () => {},
    applyBack: (patch) => applyPatch(patch, request.sourceDir, request.stateDir),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Applies the patch to the original folder all or nothing: when any hunk does not fit (the
 * original changed meanwhile, or another task changed the same lines), nothing is written and the
 * outcome says which files clash.
 */
async function applyPatch(patch: string, original: string, stateDir: string): Promise<ApplyBackOutcome> {
  if (patch === '') return { status: 'unchanged' };
  await mkdir(stateDir, { recursive: true });
  const patchFile = path.join(stateDir, 'apply-back.patch');
  await writeFile(patchFile, patch);
  // An empty repository of our own as GIT_DIR: git then patches the folder as plain files, even
  // when it lies inside a repository of the user's, whose index is left alone.
  const scratch = path.join(stateDir, 'apply-back.git');
  if (!existsSync(path.join(scratch, 'HEAD'))) await git(['init', '-q', '--bare', scratch], { cwd: stateDir });
  const env = { GIT_DIR: scratch, GIT_WORK_TREE: original };
  const check = await git(['apply', '--check', '--whitespace=nowarn', patchFile], {
    cwd: original,
    env,
    allowFailure: true,
  });
  if (check.exitCode !== 0) return { status: 'conflict', message: conflictMessage(check.output, original) };
  await git(['apply', '--whitespace=nowarn', patchFile], { cwd: original, env });
  return { status: 'applied' };
}

function conflictMessage(gitOutput: string, original: string): string {
  const lines = gitOutput
    .split('\n')
    .map((line) => line.replace(/^error: /, '').trim())
    .filter(Boolean);
  return `the change no longer fits ${original}: ${lines.join('; ') || 'git apply refused it'}`;
}
