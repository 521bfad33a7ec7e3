import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globTool } from './glob-tool.js';
import { createTempWorkspace } from './test-support/temp-workspace.js';

async function project() {
  const temp = await createTempWorkspace();
  await temp.write('src/b.ts', '');
  await temp.write('src/a.ts', '');
  await temp.write('src/lib/c.ts', '');
  await temp.write('src/readme.md', '');
  await temp.write('.github/ci.ts', '');
  await temp.write('node_modules/dep/index.ts', '');
  await temp.write('.git/hooks/x.ts', '');
  return temp;
}

describe('glob', () => {
  it('returns sorted workspace-relative matches, skipping node_modules and .git', async () => {
    const { context } = await project();
    const output = await globTool.execute({ pattern: '**/*.ts' }, context);
    expect(output.content.split('\n')).toEqual(['.github/ci.ts', 'src/a.ts', 'src/b.ts', 'src/lib/c.ts']);
    expect(output.summary).toBe('glob "**/*.ts" → 4 files');
  });

  it('searches under path and still reports workspace-relative paths', async () => {
    const { context } = await project();
    const output = await globTool.execute({ pattern: '*.ts', path: 'src' }, context);
    expect(output.content).toBe('src/a.ts\nsrc/b.ts');
  });

  it('searches node_modules when the pattern names it', async () => {
    const { context } = await project();
    const output = await globTool.execute({ pattern: 'node_modules/**/*.ts' }, context);
    expect(output.content).toBe('node_modules/dep/index.ts');
  });

  it('says when nothing matches', async () => {
    const { context } = await project();
    const output = await globTool.execute({ pattern: '**/*.rs' }, context);
    expect(output).toEqual({ content: 'No files match "**/*.rs".', summary: 'glob "**/*.rs" → 0 files' });
  });

  it('caps results with a note', async () => {
    const { context, write } = await createTempWorkspace();
    await Promise.all(Array.from({ length: 1010 }, (_, i) => write(`many/f${String(i).padStart(4, '0')}.txt`, '')));
    const lines = (await globTool.execute({ pattern: 'many/*.txt' }, context)).content.split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines[999]).toBe('many/f0999.txt');
    expect(lines[1000]).toMatch(/10 more files not shown/);
  });

  it('refuses patterns and paths that leave the workspace', async () => {
    const { context, outside } = await project();
    await writeFile(path.join(outside, 'secret.ts'), '');
    for (const args of [
      { pattern: '../outside/*.ts' },
      { pattern: 'src/../../outside/*.ts' },
      { pattern: `${outside}/*.ts` },
      { pattern: '*.ts', path: '..' },
      { pattern: '*.ts', path: outside },
    ]) {
      const output = await globTool.execute(args, context);
      expect(output.isError, JSON.stringify(args)).toBe(true);
      expect(output.content).not.toContain('secret.ts');
    }
  });

  it('returns an error when path is missing or not a directory', async () => {
    const { context } = await project();
    expect(await globTool.execute({ pattern: '*', path: 'src/a.ts' }, context)).toMatchObject({
      isError: true,
      content: 'Not a directory: src/a.ts',
    });
    expect(await globTool.execute({ pattern: '*', path: 'missing' }, context)).toMatchObject({
      isError: true,
      content: 'No such file or directory: missing',
    });
  });

  it('accepts an absolute pattern inside the workspace', async () => {
    const { context, root } = await project();
    const output = await globTool.execute({ pattern: `${root}/src/*.md` }, context);
    expect(output.content).toBe('src/readme.md');
  });

  it('does not follow symlinks out of the workspace', async () => {
    const { context, root, outside } = await project();
    await writeFile(path.join(outside, 'secret.ts'), '');
    await symlink(outside, path.join(root, 'out'));
    await symlink(path.join(outside, 'secret.ts'), path.join(root, 'src/secret-link.ts'));
    for (const pattern of ['**/*.ts', 'out/*.ts', 'out/**', '**/secret*']) {
      const output = await globTool.execute({ pattern }, context);
      const paths = output.content.split('\n').filter((line) => !line.startsWith('No files match'));
      expect(
        paths.filter((line) => line.includes('secret')),
        pattern,
      ).toEqual([]);
    }
    expect((await globTool.execute({ pattern: '**/*.ts' }, context)).content).toContain('src/a.ts');
  });
});
