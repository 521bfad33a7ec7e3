import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { loadConfigObject } from './load-config.js';
import { defineConfig } from './schema.js';

const config = defineConfig({
  providers: { local: { type: 'openai', baseURL: '${MODEL_URL:-http://127.0.0.1:9/v1}', model: 'm' } },
  agents: { coder: { provider: 'local' }, evaluator: { provider: 'local' } },
  tasks: [{ dir: 'a', prompt: 'p' }],
});

describe('loadConfigObject', () => {
  it('checks an object as a file is checked, with defaults, ${VAR} expansion and relative paths from dir', async () => {
    const dir = await makeTempDir();
    const loaded = loadConfigObject(config, dir, { MODEL_URL: 'http://127.0.0.1:1/v1' });
    expect(loaded.dir).toBe(dir);
    expect(loaded.config.providers.local?.baseURL).toBe('http://127.0.0.1:1/v1');
    expect(loaded.config.run.concurrency).toBeGreaterThan(0);
    expect(loaded.config.pipeline).toEqual(['code', 'evaluate']);
    expect(loaded.locate(['agents', 'coder'])).toEqual({
      file: path.join(dir, '(inline config)'),
      yamlPath: 'agents.coder',
    });
  });

  it('names the YAML path of a mistake, with no line to point at', async () => {
    const dir = await makeTempDir();
    const error = configError(() => loadConfigObject({ ...config, run: { concurency: 2 } }, dir, {}));
    expect(error.message).toContain(
      `${path.join(dir, '(inline config)')} (at run): unknown key "concurency" (did you mean "concurrency"?)`,
    );
  });
});
