// Runs a batch from code with the programmatic API of @agentbatch/cli: the same engine, providers,
// reporters and stages as `agentbatch run`, with the events as they happen and the results at the end.
//
//   MODEL_URL=http://127.0.0.1:8000/v1 MODEL=qwen3-coder node examples/api/run-batch.mjs [agentbatch.yaml]
//
// Without an argument the batch comes from the object below; with one, from that config file.
// Any OpenAI-compatible server works (vLLM, Ollama, DeepSeek…; MODEL_KEY for its key). Ctrl-C
// cancels the run: the tasks not finished end as cancelled, and the results are still written.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, startRun } from '@agentbatch/cli';

const here = dirname(fileURLToPath(import.meta.url));

const config = defineConfig({
  providers: {
    local: {
      type: 'openai',
      baseURL: process.env.MODEL_URL ?? 'http://127.0.0.1:8000/v1',
      apiKey: process.env.MODEL_KEY ?? 'none',
      model: process.env.MODEL ?? 'qwen3-coder',
    },
  },
  agents: { coder: { provider: 'local' }, evaluator: { provider: 'local' } },
  run: { concurrency: 2, maxIterations: 3, outDir: process.env.OUT_DIR ?? './runs' },
  tasks: [
    { dir: 'projects/calculator', prompt: '[calc] add(2, 3) should be 5 but test.js fails. Fix calc.js.' },
    { dir: 'projects/docs', prompt: '[docs] Write a README.md for this library.' },
  ],
  reporters: ['json'],
});

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

// Relative paths in the config (tasks, outDir) resolve against cwd, as they would next to a YAML file.
const run = startRun(process.argv[2] ?? config, { cwd: here, signal: controller.signal });

const counts = new Map();
try {
  for await (const event of run.events) {
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    if (event.type === 'task-end')
      console.log(`${event.result.dir}: ${event.result.status} (${event.done}/${event.total})`);
    if (event.type === 'model-call-start' && counts.get(event.type) === 1) console.log('first model call started');
  }
  const results = await run.results;
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  console.log(`events: ${total}`);
  console.log(
    `run ${results.runId}: ${results.status}, ${results.summary.completed}/${results.summary.total} completed, ${results.summary.usage.totalTokens} tokens`,
  );
  process.exitCode = results.status === 'passed' ? 0 : results.status === 'interrupted' ? 130 : 1;
} catch (error) {
  // A bad config: the same message, with file and YAML path, that `agentbatch run` prints.
  console.error(`agentbatch: ${error.message}`);
  process.exitCode = 2;
}
