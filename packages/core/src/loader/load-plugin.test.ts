import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { builtinStages } from '../pipeline/stages/builtin-stages.js';
import { makeTempDir, writeFiles } from '../test-support/temp-dir.js';
import { type LoadPluginOptions, loadPlugin, type PluginDefinition } from './load-plugin.js';
import { normalizeEntries } from './plugin-entries.js';

type Factory = (options: unknown) => { name: string; options: unknown };

const zodDir = path.dirname(fileURLToPath(import.meta.resolve('zod/package.json')));

/** A project folder with a config, a fake ESM reporter package in node_modules and a local plugin file. */
async function project(config: string): Promise<string> {
  const root = await makeTempDir();
  await writeFiles(root, {
    'agentbatch.yaml': config,
    'node_modules/agentbatch-reporter-fake/package.json': JSON.stringify({
      name: 'agentbatch-reporter-fake',
      version: '1.0.0',
      type: 'module',
      exports: { '.': { types: './index.d.ts', import: './esm/index.js', require: './cjs/index.cjs' } },
    }),
    'node_modules/agentbatch-reporter-fake/esm/index.js': `import { z } from 'zod';
export const optionsSchema = z.strictObject({ level: z.number().int().max(3).default(1), file: z.string().optional() });
export default function createReporter(options) {
  return { name: 'fake-reporter', options };
}
`,
    'node_modules/agentbatch-reporter-fake/cjs/index.cjs':
      'throw new Error("the CommonJS entry must not be loaded");\n',
    'plugins/local-plugin.js': `export default (options) => ({ name: 'local', options });\n`,
    'plugins/not-a-factory.js': `export default { name: 'oops' };\n`,
    'plugins/throws.js': `throw new Error('plugin crashed while loading');\n`,
  });
  await symlink(zodDir, path.join(root, 'node_modules/zod'), 'dir');
  return root;
}

const noBuiltins: Record<string, PluginDefinition<Factory>> = {};

function request(
  root: string,
  name: string,
  overrides: Partial<LoadPluginOptions<Factory>> = {},
): LoadPluginOptions<Factory> {
  return {
    kind: 'reporter',
    name,
    options: {},
    builtins: noBuiltins,
    configDir: root,
    yamlPath: ['reporters', 0],
    locate: (p) => ({ file: path.join(root, 'agentbatch.yaml'), yamlPath: p.join('.') }),
    ...overrides,
  };
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ConfigError.isInstance(error)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('loadPlugin', () => {
  it('uses a built-in by name first, without touching node_modules', async () => {
    const factory: Factory = () => ({ name: 'builtin', options: {} });
    const root = await makeTempDir();
    const loaded = await loadPlugin(
      request(root, 'console', { builtins: { console: { factory } }, options: { a: 1 } }),
    );
    expect(loaded).toEqual({ factory, options: { a: 1 } });
  });

  it('validates a built-in with its options schema, filling defaults', async () => {
    const root = await makeTempDir();
    const loaded = await loadPlugin({
      ...request(root, 'verify'),
      kind: 'stage',
      builtins: builtinStages as unknown as Record<string, PluginDefinition<Factory>>,
      options: { command: 'npm test' },
    });
    expect(loaded.options).toEqual({ command: 'npm test', timeout: '10m', maxOutputChars: 20_000 });
  });

  it('loads an npm package through the import entry of its ESM exports map, with its options schema', async () => {
    const root = await project('');
    const loaded = await loadPlugin(request(root, 'agentbatch-reporter-fake', { options: { file: 'x.log' } }));
    expect(loaded.options).toEqual({ level: 1, file: 'x.log' });
    expect(loaded.factory(loaded.options)).toEqual({ name: 'fake-reporter', options: { level: 1, file: 'x.log' } });
  });

  it('loads ./local-plugin.js relative to the config folder', async () => {
    const root = await project('');
    const loaded = await loadPlugin(request(root, './plugins/local-plugin.js', { options: { x: 1 } }));
    expect(loaded.factory(loaded.options)).toEqual({ name: 'local', options: { x: 1 } });
  });

  it('points at the YAML line of a bad plugin option, naming the plugin and the option', async () => {
    const config = `providers:
  p: { type: openai, model: m }
agents:
  coder: { provider: p }
  evaluator: { provider: p }
tasks: ./task.json
reporters:
  - console
  - - agentbatch-reporter-fake
    - level: 7
`;
    const root = await project(config);
    const loaded = loadConfig(path.join(root, 'agentbatch.yaml'), {});
    const entry = normalizeEntries(loaded.config.reporters, ['reporters'])[1];
    if (!entry) throw new Error('no entry');
    const error = await configError(
      loadPlugin<Factory>({
        kind: 'reporter',
        name: entry.name,
        options: entry.options,
        builtins: noBuiltins,
        configDir: loaded.dir,
        yamlPath: entry.yamlPath,
        locate: loaded.locate,
      }),
    );
    expect(error.message).toContain('reporter "agentbatch-reporter-fake": invalid option "level"');
    expect(error.location).toMatchObject({ file: loaded.path, line: 10, yamlPath: 'reporters[1][1].level' });
  });

  it('refuses an unknown option of a plugin with a strict schema', async () => {
    const root = await project('');
    const error = await configError(
      loadPlugin(request(root, 'agentbatch-reporter-fake', { options: { colour: 'red' } })),
    );
    expect(error.message).toContain('reporter "agentbatch-reporter-fake": invalid options');
    expect(error.message).toContain('colour');
    const typo = await configError(loadPlugin(request(root, 'agentbatch-reporter-fake', { options: { levl: 2 } })));
    expect(typo.message).toContain('unknown key "levl" (did you mean "level"?); allowed here: level, file');
  });

  it('names the built-ins and where it looked when nothing matches', async () => {
    const root = await project('');
    const error = await configError(
      loadPlugin(
        request(root, 'consol', {
          builtins: {
            console: { factory: () => ({ name: 'c', options: {} }) },
            json: { factory: () => ({ name: 'j', options: {} }) },
          },
        }),
      ),
    );
    expect(error.message).toContain('reporter "consol": not a built-in reporter (console, json)');
    expect(error.message).toContain(root);
    expect(error.location?.yamlPath).toBe('reporters.0');
  });

  it('reports a missing local file', async () => {
    const root = await project('');
    expect((await configError(loadPlugin(request(root, './plugins/nope.js')))).message).toContain(
      'not a built-in reporter',
    );
  });

  it('refuses a module whose default export is not a factory', async () => {
    const root = await project('');
    const error = await configError(loadPlugin(request(root, './plugins/not-a-factory.js', { kind: 'stage' })));
    expect(error.message).toContain('its default export must be a factory function (see defineStage');
  });

  it('reports a module that throws while loading, with its message', async () => {
    const root = await project('');
    const error = await configError(loadPlugin(request(root, './plugins/throws.js')));
    expect(error.message).toContain('failed to load');
    expect(error.message).toContain('plugin crashed while loading');
  });

  it('accepts a plugin schema that transforms options', async () => {
    const root = await project('');
    await writeFile(
      path.join(root, 'plugins/with-schema.js'),
      `export const optionsSchema = { safeParse: (value) => ({ success: true, data: { ...value, seen: true } }) };
export default (options) => ({ name: 'with-schema', options });
`,
    );
    const loaded = await loadPlugin(request(root, './plugins/with-schema.js', { options: { a: 1 } }));
    expect(loaded.options).toEqual({ a: 1, seen: true });
  });
});
