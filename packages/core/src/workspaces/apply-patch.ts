import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApplyBackResult } from '../plugin/run-results.js';
import { git } from './git.js';

/**
 * Applies a patch (from a copy's `diff`) to the original folder, all or nothing: when any hunk does
 * not fit (the original changed meanwhile, or another task changed the same lines), nothing is
 * written and the result names the files that clash.
 */
export async function applyPatch(patch: string, original: string): Promise<ApplyBackResult> {
  if (patch === '') return { status: 'unchanged' };
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'agentbatch-apply-'));
  try {
    const patchFile = path.join(scratch, 'change.patch');
    await writeFile(patchFile, patch);
    // An empty repository of our own as GIT_DIR: git then patches the folder as plain files, even
    // when it lies inside a repository of the user's, whose index is left alone.
    await git(['init', '-q', '--bare', path.join(scratch, 'scratch.git')], { cwd: scratch });
    const env = { GIT_DIR: path.join(scratch, 'scratch.git'), GIT_WORK_TREE: original };
    const apply = (check: boolean) =>
      git(['apply', ...(check ? ['--check'] : []), '--whitespace=nowarn', patchFile], {
        cwd: original,
        env,
        allowFailure: check,
      });
    const checked = await apply(true);
    if (checked.exitCode !== 0) return { status: 'conflict', message: conflictMessage(checked.output) };
    await apply(false);
    return { status: 'applied' };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** git's lines (`error: patch failed: calc.js:1`, `error: calc.js: patch does not apply`) joined into one. */
function conflictMessage(gitOutput: string): string {
  const lines = gitOutput
    .split('\n')
    .map((line) => line.replace(/^error: /, '').trim())
    .filter(Boolean);
  return lines.join('; ') || 'git apply refused the change';
}
