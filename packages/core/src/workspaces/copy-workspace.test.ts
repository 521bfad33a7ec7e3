import { existsSync } from 'node:fs';
import { readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture as setup } from '../test-support/copy-fixture.js';
import { writeFiles } from '../test-support/temp-dir.js';
import { copyWorkspace } from './copy-workspace.js';
import { writingFolder } from './folder-lock.js';

// Real cp and git processes: slow on a busy machine.
describe('copyWorkspace', { timeout: 60_000 }, () => {
  it('works on a copy inside the run folder and leaves the original as it was', async () => {
    const { sourceDir, request } = await setup();
    const workspace = await copyWorkspace(request);
    expect(workspace.dir).toBe(path.join(request.stateDir, 'workspace'));
    await writeFile(path.join(workspace.dir, 'calc.js'), 'add = (a, b) => a + b;\n');
    expect(await readFile(path.join(sourceDir, 'calc.js'), 'utf8')).toBe('add = (a, b) => a - b;\n');
    // An edit of the same size within the second the original was written is still a change.
    expect(await workspace.diff()).toContain('-add = (a, b) => a - b;\n+add = (a, b) => a + b;');
  });

  it('gives the change as a patch relative to the task folder, new files included, ignored ones not', async () => {
    const { request } = await setup({
      'calc.js': 'a - b\n',
      '.gitignore': 'node_modules/\n',
      'node_modules/x.js': 'x',
    });
    const workspace = await copyWorkspace(request);
    expect(existsSync(path.join(workspace.dir, 'node_modules/x.js'))).toBe(true);
    expect(await workspace.diff()).toBe('');
    await writeFiles(workspace.dir, { 'calc.js': 'a + b\n', 'test.js': 'ok\n', 'node_modules/y.js': 'y' });
    const patch = await workspace.diff();
    expect(patch).toContain('--- a/calc.js\n+++ b/calc.js');
    expect(patch).toContain('-a - b\n+a + b');
    expect(patch).toContain('+++ b/test.js');
    expect(patch).not.toContain('node_modules');
  });

  it('finds its copy again when resumed, and starts over from the original when fresh', async () => {
    const { request } = await setup();
    const first = await copyWorkspace(request);
    await writeFile(path.join(first.dir, 'notes.txt'), 'kept\n');
    await first.diff(); // the session goes on until its baseline is taken
    const resumed = await copyWorkspace(request);
    expect(await readFile(path.join(resumed.dir, 'notes.txt'), 'utf8')).toBe('kept\n');
    expect(await resumed.diff()).toContain('+++ b/notes.txt');
    const fresh = await copyWorkspace({ ...request, fresh: true });
    expect(existsSync(path.join(fresh.dir, 'notes.txt'))).toBe(false);
    expect(await fresh.diff()).toBe('');
  });

  it('compares by content a file whose time is not before the copy, even when size and time match', async () => {
    const { sourceDir, request } = await setup();
    // Written "in the second of the copy": an edit of the same size then keeps size and time.
    const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 5000);
    await utimes(path.join(sourceDir, 'calc.js'), when, when);
    const workspace = await copyWorkspace(request);
    await writeFile(path.join(workspace.dir, 'calc.js'), 'add = (a, b) => a + b;\n');
    await utimes(path.join(workspace.dir, 'calc.js'), when, when);
    expect(await workspace.diff()).toContain('+add = (a, b) => a + b;');
  });

  it('leaves every node_modules folder out of the change, even without a .gitignore', async () => {
    const { request } = await setup({ 'calc.js': 'a - b\n', 'node_modules/x.js': 'x', 'web/node_modules/y.js': 'y' });
    const workspace = await copyWorkspace(request);
    expect(existsSync(path.join(workspace.dir, 'web/node_modules/y.js'))).toBe(true);
    await writeFiles(workspace.dir, {
      'node_modules/x.js': 'changed',
      'web/node_modules/z.js': 'new',
      'calc.js': 'a * b\n',
    });
    const patch = await workspace.diff();
    expect(patch).toContain('+a * b');
    expect(patch).not.toContain('node_modules');
  });

  it('takes its baseline before a change applied back to the original lands there', async () => {
    const { sourceDir, request } = await setup();
    const workspace = await copyWorkspace(request);
    // Queued right after the copy, as another task's apply-back would be: it must wait for the baseline.
    await writingFolder(sourceDir, () => writeFile(path.join(sourceDir, 'README.md'), 'changed by another task\n'));
    expect(await workspace.diff()).toBe('');
  });

  it('takes the baseline again from the original when an earlier session stopped before it was taken', async () => {
    const { request } = await setup();
    const first = await copyWorkspace(request);
    await first.diff();
    await rm(path.join(request.stateDir, 'baseline.git'), { recursive: true });
    await writeFile(path.join(first.dir, 'calc.js'), 'add = (a, b) => a + b;\n');
    const resumed = await copyWorkspace(request);
    const patch = await resumed.diff();
    expect(patch).toContain('-add = (a, b) => a - b;\n+add = (a, b) => a + b;');
    expect(patch).not.toContain('README.md');
  });

  it('leaves out the run folder when it lies inside the task folder', async () => {
    const { sourceDir, request } = await setup();
    const runs = path.join(sourceDir, '.agentbatch/runs');
    const workspace = await copyWorkspace({ ...request, stateDir: path.join(runs, 'r1/tasks/t1'), exclude: [runs] });
    expect(existsSync(path.join(workspace.dir, 'calc.js'))).toBe(true);
    expect(existsSync(path.join(workspace.dir, '.agentbatch/runs'))).toBe(false);
    expect(await workspace.diff()).toBe('');
  });

  it('removes its copy and its baseline', async () => {
    const { request } = await setup();
    const workspace = await copyWorkspace(request);
    await workspace.remove();
    expect(existsSync(workspace.dir)).toBe(false);
    expect(existsSync(path.join(request.stateDir, 'baseline.git'))).toBe(false);
  });
});
