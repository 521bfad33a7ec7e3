import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';

const configTemplate = `# agentbatch.yaml — see \`agentbatch schema\` for every key.
# Keys come from .env beside this file (the original system's variable names work as they are).
providers:
  coder:
    type: openai                       # any OpenAI-compatible API: Qwen, DeepSeek, vLLM, Ollama…
    baseURL: \${CODER_ENDPOINT:-https://api-inference.modelscope.cn/v1}
    apiKey: \${CODER_API_KEY}
    model: \${CODER_MODEL:-Qwen/Qwen3-Coder-480B-A35B-Instruct}
    maxConcurrency: 10
  judge:
    type: openai
    baseURL: \${EVALUATION_BASE_URL:-https://api.deepseek.com}
    apiKey: \${EVALUATION_API_KEY}
    model: \${EVALUATION_MODEL:-deepseek-chat}
agents:
  coder: { provider: coder, maxTurns: 60 }
  evaluator: { provider: judge, maxTurns: 20 }
run:
  concurrency: 3
  maxIterations: 10
  taskTimeout: 30m
pipeline: [code, evaluate]             # e.g. [code, { verify: { command: npm test } }, evaluate]
tasks: ./task.json
reporters: [console, json, markdown]
`;

const taskTemplate = `{
  "tasks": [
    { "dir": "./project1", "first_prompt": "Add a README.md that explains what this project does" }
  ]
}
`;

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a starter agentbatch.yaml (and task.json if there is none) in this folder')
    .option('--force', 'overwrite an existing agentbatch.yaml')
    .action(async (flags: { force?: boolean }) => {
      const configPath = resolve('agentbatch.yaml');
      if (existsSync(configPath) && !flags.force) {
        const { ConfigError } = await import('@agentbatch/core');
        throw new ConfigError(`${configPath} already exists; use --force to overwrite it`);
      }
      writeFileSync(configPath, configTemplate);
      process.stdout.write(`wrote ${configPath}\n`);
      const taskPath = resolve('task.json');
      if (!existsSync(taskPath)) {
        writeFileSync(taskPath, taskTemplate);
        mkdirSync(resolve('project1'), { recursive: true });
        process.stdout.write(
          `wrote ${taskPath} (its example task works in ./project1: point "dir" at your own folders)\n`,
        );
      }
      process.stdout.write('next: put your keys in .env (CODER_API_KEY, EVALUATION_API_KEY…), then: agentbatch run\n');
    });
}
