import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.js';
import { ConfigError } from './config-error.js';
import { seedConfig } from './seed-config.js';

async function taskFile(dotenv?: string): Promise<string> {
  const dir = await makeTempDir();
  const file = path.join(dir, 'task.json');
  await writeFile(file, JSON.stringify({ tasks: [{ dir: '', first_prompt: 'Write hello.py' }] }));
  if (dotenv !== undefined) await writeFile(path.join(dir, '.env'), dotenv);
  return file;
}

const originalEnv = () => ({
  CODER_ENDPOINT: 'https://coder.example.com/v1',
  CODER_API_KEY: 'sk-coder',
  EVALUATION_API_KEY: 'sk-judge',
});

describe('seedConfig (a bare task.json, as in the original system)', () => {
  it('builds an openai provider per role from the original variables, with their defaults', async () => {
    const file = await taskFile();
    const loaded = seedConfig(file, originalEnv());
    expect(loaded.path).toBe(file);
    expect(loaded.dir).toBe(path.dirname(file));
    expect(loaded.config.providers).toEqual({
      coder: {
        type: 'openai',
        baseURL: 'https://coder.example.com/v1',
        apiKey: 'sk-coder',
        model: 'Qwen/Qwen3-Coder-480B-A35B-Instruct',
      },
      evaluator: {
        type: 'openai',
        baseURL: 'https://api.deepseek.com',
        apiKey: 'sk-judge',
        model: 'deepseek-chat',
      },
    });
    expect(loaded.config.agents.coder.provider).toBe('coder');
    expect(loaded.config.agents.evaluator.provider).toBe('evaluator');
    expect(loaded.config.tasks).toBe(file);
    expect(loaded.config.pipeline).toEqual(['code', 'evaluate']);
  });

  it('honours CODER_MODEL, EVALUATION_BASE_URL and EVALUATION_MODEL', async () => {
    const file = await taskFile();
    const { config } = seedConfig(file, {
      ...originalEnv(),
      CODER_MODEL: 'my-coder',
      EVALUATION_BASE_URL: 'https://judge.example.com',
      EVALUATION_MODEL: 'deepseek-reasoner',
    });
    expect(config.providers.coder?.model).toBe('my-coder');
    expect(config.providers.evaluator).toMatchObject({
      baseURL: 'https://judge.example.com',
      model: 'deepseek-reasoner',
    });
  });

  it('reads the variables from .env beside the task file, without overriding the environment', async () => {
    const file = await taskFile(
      'CODER_ENDPOINT=https://dotenv/v1\nCODER_API_KEY=sk-dotenv\nEVALUATION_API_KEY=sk-judge-dotenv\nCODER_MODEL=dotenv-model\n',
    );
    const { config } = seedConfig(file, { CODER_MODEL: 'shell-model' });
    expect(config.providers.coder).toMatchObject({
      baseURL: 'https://dotenv/v1',
      apiKey: 'sk-dotenv',
      model: 'shell-model',
    });
    expect(config.providers.evaluator?.apiKey).toBe('sk-judge-dotenv');
  });

  it.each(['CODER_ENDPOINT', 'CODER_API_KEY', 'EVALUATION_API_KEY'])(
    'names a missing %s, the .env it looked for and the task file',
    async (name) => {
      const file = await taskFile();
      const env: NodeJS.ProcessEnv = originalEnv();
      delete env[name];
      let caught: unknown;
      try {
        seedConfig(file, env);
      } catch (error) {
        caught = error;
      }
      expect(ConfigError.isInstance(caught)).toBe(true);
      const error = caught as ConfigError;
      expect(error.message).toContain(`environment variable ${name} is not set`);
      expect(error.message).toContain(path.join(path.dirname(file), '.env'));
      expect(error.location?.file).toBe(file);
    },
  );

  it('names the variable of a base URL that is not a URL', async () => {
    const file = await taskFile();
    const error = (() => {
      try {
        seedConfig(file, { ...originalEnv(), CODER_ENDPOINT: 'api-inference.modelscope.cn/v1' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('CODER_ENDPOINT (from the environment or');
    expect((error as Error).message).toContain('not an http:// or https:// URL');
  });
});
