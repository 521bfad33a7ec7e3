import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grepTool } from './grep-tool.js';
import { createTempWorkspace } from './test-support/temp-workspace.js';

async function project() {
  const temp = await createTempWorkspace();
  await temp.write('src/a.ts', 'export function main() {\n  return TODO;\n}\n');
  await temp.write('src/lib/b.ts', '// TODO: later\nexport const b = 1;\n');
  await temp.write('docs/notes.md', 'TODO write docs\n');
  await temp.write('node_modules/dep/index.ts', 'TODO in a dependency\n');
  await temp.write('.git/config', 'TODO in git\n');
  await temp.write('bin/tool', new Uint8Array([0x54, 0x4f, 0x44, 0x4f, 0x00, 0x01]));
  return temp;
}

describe('grep', () => {
  it('prints path:line: text for matches, skipping node_modules, .git and binary files', async () => {
    const { context } = await project();
    const output = await grepTool.execute({ pattern: 'TODO' }, context);
    expect(output.isError).toBeUndefined();
    expect(output.content.split('\n')).toEqual([
      'docs/notes.md:1: TODO write docs',
      'src/a.ts:2:   return TODO;',
      'src/lib/b.ts:1: // TODO: later',
    ]);
    expect(output.summary).toBe('grep "TODO" → 3 matches in 3 files');
  });

  it('uses the pattern as a regular expression', async () => {
    const { context } = await project();
    const output = await grepTool.execute({ pattern: 'export (function|const) \\w+' }, context);
    expect(output.content).toBe('src/a.ts:1: export function main() {\nsrc/lib/b.ts:2: export const b = 1;');
  });

  it('filters files with include, at any depth when it has no slash', async () => {
    const { context } = await project();
    expect((await grepTool.execute({ pattern: 'TODO', include: '*.md' }, context)).content).toBe(
      'docs/notes.md:1: TODO write docs',
    );
    expect((await grepTool.execute({ pattern: 'TODO', include: 'src/*.ts' }, context)).content).toBe(
      'src/a.ts:2:   return TODO;',
    );
  });

  it('searches under a directory or in a single file', async () => {
    const { context } = await project();
    expect((await grepTool.execute({ pattern: 'TODO', path: 'src/lib' }, context)).content).toBe(
      'src/lib/b.ts:1: // TODO: later',
    );
    expect((await grepTool.execute({ pattern: 'return', path: 'src/a.ts' }, context)).content).toBe(
      'src/a.ts:2:   return TODO;',
    );
  });

  it('reports no matches without an error', async () => {
    const { context } = await project();
    const output = await grepTool.execute({ pattern: 'nothing-like-this' }, context);
    expect(output.isError).toBeUndefined();
    expect(output.content).toBe('No matches for "nothing-like-this" in 4 files searched.');
    expect(output.summary).toBe('grep "nothing-like-this" → 0 matches in 0 files');
  });

  it('returns an error result for an invalid regular expression', async () => {
    const { context } = await project();
    const output = await grepTool.execute({ pattern: 'foo(' }, context);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/^Invalid regular expression/);
  });

  it('caps matches at 200 and long lines around the match', async () => {
    const { context, write } = await createTempWorkspace();
    await write('many.txt', Array.from({ length: 300 }, (_, i) => `hit ${i}`).join('\n'));
    const many = await grepTool.execute({ pattern: 'hit' }, context);
    const lines = many.content.split('\n');
    expect(lines).toHaveLength(201);
    expect(lines[199]).toBe('many.txt:200: hit 199');
    expect(lines[200]).toMatch(/stopped after 200 matches/);
    expect(many.summary).toBe('grep "hit" → 200+ matches in 1 file');

    await write('min.js', `${'a'.repeat(3000)}NEEDLE${'b'.repeat(3000)}`);
    const long = await grepTool.execute({ pattern: 'NEEDLE', path: 'min.js' }, context);
    expect(long.content).toContain('NEEDLE');
    expect(long.content.length).toBeLessThan(600);
    expect(long.content).toMatch(/^min\.js:1: …a+NEEDLEb+…$/);
  });

  it('does not search outside the workspace', async () => {
    const { context, root, outside } = await project();
    await writeFile(path.join(outside, 'secret.txt'), 'TODO secret\n');
    await symlink(outside, path.join(root, 'out'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'src/secret-link.txt'));

    const all = await grepTool.execute({ pattern: 'secret' }, context);
    expect(all.content).not.toContain('TODO secret');
    for (const target of ['out', 'src/secret-link.txt', '..', outside]) {
      const output = await grepTool.execute({ pattern: 'secret', path: target }, context);
      expect(output.isError, target).toBe(true);
      expect(output.content).not.toContain('TODO secret');
    }
    const escapeInclude = await grepTool.execute({ pattern: 'secret', include: '../outside/*' }, context);
    expect(escapeInclude.isError).toBe(true);
  });
});
