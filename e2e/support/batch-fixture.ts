import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture } from './cli.js';

const fixtureTasks = [
  { dir: 'calculator', prompt: '[calc] add(2, 3) should be 5 but test.js fails. Fix calc.js.' },
  { dir: 'docs', prompt: '[docs] Write a README.md for this library.' },
  { dir: 'greeting', prompt: '[rename] Rename the function greet to sayHello everywhere.' },
];

export interface BatchFixtureOptions {
  /** How many times each of the fixture's three tasks is run, each copy in its own folder. */
  copies: number;
  /** `run.concurrency`. */
  concurrency: number;
  /** Extra keys of the one provider both agents use, e.g. `{ rpm: 300, timeout: '3s' }`. */
  provider?: Record<string, string | number>;
}

/**
 * A copy of `fixtures/batch` (scripted by `batchScripts`) grown to a bigger batch, with an
 * agentbatch.yaml whose provider reads its base URL from `MODEL_URL` and its key from `MODEL_KEY`.
 * Returns the folder to run `agentbatch run agentbatch.yaml` in.
 */
export function batchFixture(options: BatchFixtureOptions): string {
  const dir = copyFixture('batch');
  const tasks = [];
  for (let copy = 1; copy <= options.copies; copy++) {
    for (const task of fixtureTasks) {
      const folder = copy === 1 ? task.dir : `${task.dir}-${copy}`;
      if (copy > 1) cpSync(join(dir, task.dir), join(dir, folder), { recursive: true });
      tasks.push({ dir: `./${folder}`, first_prompt: task.prompt });
    }
  }
  writeFileSync(join(dir, 'task.json'), JSON.stringify({ tasks }, null, 2));
  const providerKeys = Object.entries(options.provider ?? {}).map(([key, value]) => `    ${key}: ${value}\n`);
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    `providers:
  local:
    type: openai
    baseURL: \${MODEL_URL}
    apiKey: \${MODEL_KEY:-test-key}
    model: scripted-coder
${providerKeys.join('')}agents:
  coder: { provider: local, maxTurns: 10 }
  evaluator: { provider: local, model: scripted-judge, maxTurns: 5 }
run:
  concurrency: ${options.concurrency}
  maxIterations: 4
tasks: ./task.json
reporters: [console, json]
`,
  );
  return dir;
}

/** The one run in a batch fixture's folder; `bench/rate-limit.bench.ts` imports it by this name. */
