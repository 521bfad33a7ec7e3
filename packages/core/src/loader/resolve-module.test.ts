import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir, writeFiles } from '../test-support/temp-dir.js';
import { resolvePluginModule } from './resolve-module.js';

const fileOf = (url: string | undefined) => (url === undefined ? undefined : fileURLToPath(url));

async function project(files: Record<string, string>): Promise<string> {
  return writeFiles(await makeTempDir(), files);
}

const manifest = (fields: Record<string, unknown>) => JSON.stringify({ name: 'x', version: '1.0.0', ...fields });

describe('resolvePluginModule', () => {
  it('resolves ./path.js relative to the config folder, and undefined when it is missing', async () => {
    const root = await project({ 'plugins/local-plugin.js': 'export default () => ({});' });
    expect(fileOf(resolvePluginModule('./plugins/local-plugin.js', root))).toBe(
      path.join(root, 'plugins/local-plugin.js'),
    );
    expect(resolvePluginModule('./plugins/missing.js', root)).toBeUndefined();
    expect(resolvePluginModule('../elsewhere.js', path.join(root, 'plugins'))).toBeUndefined();
  });

  it('resolves an absolute path as is', async () => {
    const root = await project({ 'abs.js': '' });
    const absolute = path.join(root, 'abs.js');
    expect(fileOf(resolvePluginModule(absolute, '/somewhere/else'))).toBe(absolute);
  });

  it('picks the import entry of an ESM exports map, over types and require', async () => {
    const root = await project({
      'node_modules/agentbatch-reporter-fake/package.json': manifest({
        type: 'module',
        main: './cjs/index.cjs',
        exports: {
          '.': { types: './dist/index.d.ts', require: './cjs/index.cjs', import: './esm/index.js' },
          './package.json': './package.json',
        },
      }),
    });
    expect(fileOf(resolvePluginModule('agentbatch-reporter-fake', root))).toBe(
      path.join(root, 'node_modules/agentbatch-reporter-fake/esm/index.js'),
    );
  });

  it('reads nested conditions, root-level conditions, a string export and arrays', async () => {
    const root = await project({
      'node_modules/nested/package.json': manifest({
        exports: { '.': { node: { import: './node.mjs' }, default: './x.js' } },
      }),
      'node_modules/rootcond/package.json': manifest({ exports: { import: './esm.js', default: './cjs.js' } }),
      'node_modules/plain/package.json': manifest({ exports: './plain.js' }),
      'node_modules/listed/package.json': manifest({ exports: [{ worker: './w.js' }, './fallback.js'] }),
    });
    const entry = (name: string) =>
      path.relative(path.join(root, 'node_modules', name), fileOf(resolvePluginModule(name, root)) ?? '');
    expect(entry('nested')).toBe('node.mjs');
    expect(entry('rootcond')).toBe('esm.js');
    expect(entry('plain')).toBe('plain.js');
    expect(entry('listed')).toBe('fallback.js');
  });

  it('falls back to module, then main, then index.js', async () => {
    const root = await project({
      'node_modules/with-module/package.json': manifest({ module: './m.js', main: './main.js' }),
      'node_modules/with-main/package.json': manifest({ main: './main.js' }),
      'node_modules/bare/package.json': manifest({}),
    });
    expect(fileOf(resolvePluginModule('with-module', root))).toBe(path.join(root, 'node_modules/with-module/m.js'));
    expect(fileOf(resolvePluginModule('with-main', root))).toBe(path.join(root, 'node_modules/with-main/main.js'));
    expect(fileOf(resolvePluginModule('bare', root))).toBe(path.join(root, 'node_modules/bare/index.js'));
  });

  it('finds a package, scoped ones included, in node_modules above the config folder', async () => {
    const root = await project({
      'node_modules/@acme/agentbatch-stage/package.json': manifest({ exports: { '.': { import: './index.js' } } }),
      'configs/team/agentbatch.yaml': '',
    });
    expect(fileOf(resolvePluginModule('@acme/agentbatch-stage', path.join(root, 'configs/team')))).toBe(
      path.join(root, 'node_modules/@acme/agentbatch-stage/index.js'),
    );
  });

  it('prefers the nearest node_modules', async () => {
    const root = await project({
      'node_modules/dup/package.json': manifest({ main: 'outer.js' }),
      'app/node_modules/dup/package.json': manifest({ main: 'inner.js' }),
    });
    expect(fileOf(resolvePluginModule('dup', path.join(root, 'app')))).toBe(
      path.join(root, 'app/node_modules/dup/inner.js'),
    );
  });

  it('returns undefined for a package that is not installed', async () => {
    const root = await project({});
    expect(resolvePluginModule('agentbatch-not-installed-anywhere', root)).toBeUndefined();
  });
});
