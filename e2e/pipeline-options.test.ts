import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, runCli, taskIdByMarker } from './support/cli.js';
import { latestRun, readEvents, readJsonLines, transcriptFile } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A line of a task's transcript.jsonl, as far as these tests look at it. */
interface TranscriptEntry {
  role: string;
  type: string;
  message: { role: string; content: string };
}

/** Runs the batch fixture's [calc] task alone; returns its run folder and its transcript's path. */
async function runCalcTask(dir: string, modelUrl: string): Promise<{ runDir: string; transcriptPath: string }> {
  const run = await runCli(['run', 'agentbatch.yaml', '--only', await taskIdByMarker(dir, '[calc]')], {
    cwd: dir,
    env: { MODEL_URL: modelUrl },
  });
  expect(run.exitCode, run.all).toBe(0);
  const { runDir, results } = latestRun(dir);
  return { runDir, transcriptPath: transcriptFile(runDir, results.tasks[0]?.id as string) };
}

/** Appends keys to the batch fixture's config (YAML later keys of a block are merged by hand here). */
function withConfig(dir: string, replace: Record<string, string>) {
  let config = readFileSync(join(dir, 'agentbatch.yaml'), 'utf8');
  for (const [from, to] of Object.entries(replace)) {
    expect(config).toContain(from);
    config = config.replace(from, to);
  }
  writeFileSync(join(dir, 'agentbatch.yaml'), config);
}

describe('pipeline and limits', () => {
  it('hands the output and exit code of a verify stage to the evaluator', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    withConfig(dir, {
      'tasks: ./task.json': 'pipeline: [code, { verify: { command: "node test.js" } }, evaluate]\ntasks: ./task.json',
    });
    const { runDir, transcriptPath } = await runCalcTask(dir, server.url);
    const evaluatorInput = readJsonLines<TranscriptEntry>(transcriptPath).find(
      (entry) => entry.role === 'evaluator' && entry.type === 'message' && entry.message.role === 'user',
    );
    expect(evaluatorInput?.message.content).toContain('# verify: node test.js (exit code 0)');
    expect(evaluatorInput?.message.content).toContain('ok');
    const stages = readEvents(runDir)
      .filter((event) => event.type === 'stage-end')
      .map((event) => event.stage);
    expect(stages).toEqual(['code', 'verify', 'evaluate']);
  });

  it('runs a stage plugin given by a path relative to the config, with its options', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    mkdirSync(join(dir, 'stages'));
    writeFileSync(
      join(dir, 'stages/line-count.js'),
      `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
export default (options) => ({
  name: 'line-count',
  async run(context) {
    const lines = readFileSync(join(context.task.dir, options.file), 'utf8').split('\\n').length;
    context.report({ stage: 'line-count', title: options.file, content: \`\${lines} lines\` });
  },
});
`,
    );
    withConfig(dir, {
      'tasks: ./task.json':
        'pipeline: [code, { ./stages/line-count.js: { file: calc.js } }, evaluate]\ntasks: ./task.json',
    });
    const { transcriptPath } = await runCalcTask(dir, server.url);
    const transcript = readFileSync(transcriptPath, 'utf8');
    expect(transcript).toContain('# line-count: calc.js');
    expect(transcript).toContain('4 lines');
  });

  it('runs tasks that share a folder one after another, keeping separate records', async () => {
    server = await startScriptedModelServer(batchScripts, { delayMs: 20 });
    const dir = copyFixture('batch');
    const calc =
      '{ "dir": "./calculator", "first_prompt": "[calc] add(2, 3) should be 5 but test.js fails. Fix calc.js." }';
    const docs = '{ "dir": "./docs", "first_prompt": "[docs] Write a README.md for this library." }';
    writeFileSync(join(dir, 'task.json'), `{ "tasks": [${calc}, ${docs}, ${calc}] }`);
    const run = await runCli(['run', 'agentbatch.yaml', '-c', '3'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { runDir, results } = latestRun(dir);
    const [first, , second] = results.tasks;
    // The same dir and prompt twice: two tasks, two ids, two transcripts.
    expect(second?.id).toBe(`${first?.id}-2`);
    for (const task of [first, second])
      expect(readJsonLines(transcriptFile(runDir, task?.id as string)).length).toBeGreaterThan(0);
    const events = readEvents(runDir);
    const at = (type: string, taskId: string | undefined) =>
      events.findIndex((event) => event.type === type && event.taskId === taskId);
    expect(at('task-start', second?.id)).toBeGreaterThan(at('task-end', first?.id));
    // The docs task, in its own folder, ran alongside the first calc task.
    expect(at('task-start', results.tasks[1]?.id)).toBeLessThan(at('task-end', first?.id));
  });

  it.skipIf(!onPath('bwrap'))(
    'confines run_shell with run.sandbox: bwrap, and the work inside still gets done',
    async () => {
      const outside = join(mkdtempSync(join('/var/tmp', 'agentbatch-e2e-')), 'escaped.txt');
      server = await startScriptedModelServer({
        '[escape]': {
          coder: [
            {
              toolCalls: [
                {
                  name: 'run_shell',
                  arguments: { command: `echo out > ${outside}; echo in > inside.txt; node test.js` },
                },
              ],
            },
            { text: 'Tried both.' },
          ],
          evaluator: [{ toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'ok' } }] }],
        },
      });
      const dir = copyFixture('batch');
      writeFileSync(
        join(dir, 'task.json'),
        '{ "tasks": [{ "dir": "./calculator", "first_prompt": "[escape] Write a file." }] }',
      );
      withConfig(dir, { 'maxIterations: 4': 'maxIterations: 4\n  sandbox: { type: bwrap, network: false }' });
      const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
      expect(run.exitCode, run.all).toBe(0);
      expect(existsSync(outside)).toBe(false);
      expect(readFileSync(join(dir, 'calculator/inside.txt'), 'utf8')).toBe('in\n');
      const { runDir, results } = latestRun(dir);
      const shellOutput = readFileSync(transcriptFile(runDir, results.tasks[0]?.id as string), 'utf8');
      expect(shellOutput).toContain('Read-only file system');
      expect(shellOutput).toContain('add(2, 3) returned -1');
    },
  );

  it('stops starting tasks and iterations once the token budget is spent, and says why', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    withConfig(dir, { 'concurrency: 2': 'concurrency: 1\n  budget: { tokens: 1000 }' });
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(1);
    const { results } = latestRun(dir);
    expect(results.status).toBe('failed');
    const stopped = results.tasks.filter((task) => task.status === 'incomplete');
    expect(stopped.length).toBeGreaterThan(0);
    for (const task of stopped) expect(task.error?.code).toBe('budget');
    expect(stopped.at(-1)?.error?.message).toMatch(/budget of 1000 tokens is spent/);
    // One task ran (its first iteration spent the budget); none started after that.
    expect(new Set(server.calls.map((call) => call.task)).size).toBe(1);
  });

  it('ends a task that runs past run.taskTimeout with status timeout, and the others still complete', async () => {
    server = await startScriptedModelServer(batchScripts, { delayMs: 300 });
    const dir = copyFixture('batch');
    withConfig(dir, { 'maxIterations: 4': 'maxIterations: 4\n  taskTimeout: 2s' });
    const started = Date.now();
    const run = await runCli(['run', 'agentbatch.yaml', '-c', '3'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    const { results } = latestRun(dir);
    // docs needs 9 calls of 300 ms, more than 2 s; calc (6 calls) and rename (7 calls) fit.
    const docs = results.tasks.find((task) => task.prompt.startsWith('[docs]'));
    expect(docs).toMatchObject({ status: 'timeout', error: { code: 'timeout' } });
    expect(docs?.durationMs).toBeLessThan(4000);
  });
});

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => folder && existsSync(join(folder, program)));
}
