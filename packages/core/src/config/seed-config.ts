import { dirname, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import type { LoadedConfig } from './load-config.js';
import { loadDotenv } from './load-dotenv.js';
import { configSchema } from './schema.js';
import { formatYamlPath } from './yaml-locator.js';
import { describeFirstIssue } from './zod-issue.js';

/** The variable each provider setting of a bare task.json run comes from, for errors. */
const seedVariables: Record<string, string> = {
  'providers.coder.baseURL': 'CODER_ENDPOINT',
  'providers.coder.model': 'CODER_MODEL',
  'providers.evaluator.baseURL': 'EVALUATION_BASE_URL',
  'providers.evaluator.model': 'EVALUATION_MODEL',
};

/**
 * The original system's way to run: a bare `task.json` and its `.env` variables, no YAML. The
 * coder and the evaluator each get an OpenAI-compatible provider from those variables.
 */
export function seedConfig(taskFile: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = resolve(taskFile);
  const dir = dirname(path);
  loadDotenv(dir, env);
  loadDotenv(process.cwd(), env);
  const required = (name: string): string => {
    const value = env[name];
    if (value) return value;
    throw new ConfigError(
      `environment variable ${name} is not set. Running a task.json without agentbatch.yaml takes the providers from the original variables CODER_ENDPOINT, CODER_API_KEY, CODER_MODEL, EVALUATION_BASE_URL, EVALUATION_API_KEY (optional EVALUATION_MODEL): set them in ${resolve(dir, '.env')} or the environment, or write an agentbatch.yaml (agentbatch init)`,
      { file: path },
    );
  };
  const input = {
    providers: {
      coder: {
        type: 'openai',
        baseURL: required('CODER_ENDPOINT'),
        apiKey: required('CODER_API_KEY'),
        model: env.CODER_MODEL || 'Qwen/Qwen3-Coder-480B-A35B-Instruct',
      },
      evaluator: {
        type: 'openai',
        baseURL: env.EVALUATION_BASE_URL || 'https://api.deepseek.com',
        apiKey: required('EVALUATION_API_KEY'),
        model: env.EVALUATION_MODEL || 'deepseek-chat',
      },
    },
    agents: { coder: { provider: 'coder' }, evaluator: { provider: 'evaluator' } },
    tasks: path,
  };
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = describeFirstIssue(parsed.error, configSchema, input);
    const key = issue?.path.join('.') ?? '';
    const variable = seedVariables[key];
    throw new ConfigError(
      `${variable ? `${variable} (from the environment or ${resolve(dir, '.env')})` : key}: ${issue?.message ?? 'invalid'}`,
      { file: path },
    );
  }
  const config = parsed.data;
  return { config, path, dir, locate: (yamlPath) => ({ file: path, yamlPath: formatYamlPath(yamlPath) }) };
}
