import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture } from '../test-support/copy-fixture.js';
import { writeFiles } from '../test-support/temp-dir.js';
import { applyPatch } from './apply-patch.js';
import { copyWorkspace } from './copy-workspace.js';

async function setup() {
  const { sourceDir, request } = await copyFixture();
  return { sourceDir, workspace: await copyWorkspace(request) };
}

describe('applyPatch', () => {
  it('applies the change back to the original ', async () => {
    const { sourceDir, workspace } = await setup();
    await writeFiles(workspace.dir, { 'calc.js': 'add = (a, b) => a + b;\n', 'src/new.js': 'new\n' });
    expect(await applyPatch(await workspace.diff(), sourceDir)).toEqual({ status: 'applied' });
    expect(await readFile(path.join(sourceDir, 'calc.js'), 'utf8')).toBe('add = (a, b) => a + b;\n');
    expect(await readFile(path.join(sourceDir, 'src/new.js'), 'utf8')).toBe('new\n');
    expect(await applyPatch('', sourceDir)).toEqual({ status: 'unchanged' });
  });

  it('reports a conflict and writes nothing when the original changed the same lines meanwhile', async () => {
    const { sourceDir, workspace } = await setup();
    await writeFiles(workspace.dir, { 'calc.js': 'add = (a, b) => a + b;\n', 'README.md': 'calc, fixed\n' });
    const patch = await workspace.diff();
    await writeFile(path.join(sourceDir, 'calc.js'), 'add = (x, y) => x - y;\n');
    const outcome = await applyPatch(patch, sourceDir);
    expect(outcome).toMatchObject({ status: 'conflict' });
    expect(outcome.message).toMatch(/calc\.js/);
    expect(await readFile(path.join(sourceDir, 'README.md'), 'utf8')).toBe('calc\n');
  });
});
