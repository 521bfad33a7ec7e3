import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';
import { demoScripts } from './support/demo-scripts.js';
import { latestRun, readJsonLines, readResults } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

const demoDir = join(repoRoot, 'examples/demo');
const shippedCassette = join(demoDir, 'demo.cassette.jsonl');
let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function cassetteByKey(file: string): Map<string, unknown> {
  const entries = readJsonLines<{ key: { conversation: string; step: number }; response: unknown }>(file);
  return new Map(entries.map((entry) => [`${entry.key.conversation}#${entry.key.step}`, entry.response]));
}

describe('the offline demo', () => {
  it('ships a cassette that matches a fresh recording against the scripted model server', async () => {
    server = await startScriptedModelServer(demoScripts);
    const dir = join(mkdtempSync(join(tmpdir(), 'agentbatch-record-')), 'demo');
    cpSync(demoDir, dir, { recursive: true, filter: (source) => !source.includes('/runs') });
    rmSync(join(dir, 'demo.cassette.jsonl'));
    const provider = (model: string) =>
      `{ type: openai, baseURL: "${server?.url}", apiKey: local, model: ${model}, record: ./demo.cassette.jsonl }`;
    writeFileSync(
      join(dir, 'record.yaml'),
      `providers:\n  coder-model: ${provider('qwen3-coder')}\n  judge-model: ${provider('deepseek-chat')}\n` +
        'agents:\n  coder: { provider: coder-model, maxTurns: 20 }\n  evaluator: { provider: judge-model, maxTurns: 10 }\n' +
        'run: { concurrency: 3, maxIterations: 4, outDir: ./runs }\ntasks: ./task.json\nreporters: [json]\n',
    );
    const run = await runCli(['run', 'record.yaml'], { cwd: dir });
    expect(run.exitCode, run.all).toBe(0);
    expect(server.protocolErrors).toEqual([]);

    const recordedFile = join(dir, 'demo.cassette.jsonl');
    if (process.env.UPDATE_DEMO_CASSETTE) {
      // Sorted, so a re-recording shows as a small diff.
      const lines = readFileSync(recordedFile, 'utf8').split('\n').filter(Boolean).sort();
      writeFileSync(shippedCassette, `${lines.join('\n')}\n`);
    }
    const recorded = cassetteByKey(recordedFile);
    expect(recorded.size).toBe(server.calls.length);
    const shipped = cassetteByKey(shippedCassette);
    expect(
      [...shipped.keys()].sort(),
      'examples/demo/demo.cassette.jsonl is out of date (prompts or tools changed): re-record it with UPDATE_DEMO_CASSETTE=1 npx vitest run --config e2e/vitest.config.ts e2e/demo.test.ts',
    ).toEqual([...recorded.keys()].sort());
    for (const [key, response] of recorded) expect(shipped.get(key), key).toEqual(response);
  });

  it('runs offline from the README command: every task completed, the projects really changed', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'agentbatch-demo-')), 'demo');
    const demo = await execa('node', [join(demoDir, 'run-demo.mjs')], {
      cwd: repoRoot,
      reject: false,
      all: true,
      stdin: 'ignore',
      env: { AGENTBATCH_DEMO_DIR: target, NO_COLOR: '1' },
    });
    expect(demo.exitCode, demo.all).toBe(0);
    const { runDir, results } = latestRun(target, { runs: 'runs' });
    expect(results.status).toBe('passed');
    expect(results.tasks.map((task) => [task.status, task.iterations])).toEqual([
      ['completed', 1],
      ['completed', 2],
      ['completed', 1],
    ]);
    expect(results.summary.usageByRole.coder.calls).toBeGreaterThan(0);
    expect(results.summary.usageByRole.evaluator.calls).toBeGreaterThan(0);
    expect(results.summary.costUsd).toBeGreaterThan(0);

    // The work is real: the projects' own tests now pass.
    for (const project of ['fizzbuzz', 'slugify']) {
      const test = await execa('node', ['test.js'], { cwd: join(target, 'projects', project), reject: false });
      expect(test.exitCode, `${project}: ${test.stdout}`).toBe(0);
    }
    const lines = await execa('node', ['wc.js', '--lines', 'sample.txt'], { cwd: join(target, 'projects/wordcount') });
    expect(lines.stdout.trim()).toBe('3');
    expect(existsSync(join(target, 'projects/wordcount/README.md'))).toBe(true);
    for (const file of ['results.json', 'events.jsonl', 'report.md', 'junit.xml'])
      expect(existsSync(join(runDir, file)), file).toBe(true);
    // The shipped projects are untouched.
    expect(readFileSync(join(demoDir, 'projects/fizzbuzz/fizzbuzz.js'), 'utf8')).toContain('not implemented');
  });

  it('runs again: a second agentbatch run in the copy, a second npm run demo keeping the runs, runs and compare', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'agentbatch-demo-')), 'demo');
    const demo = () =>
      execa('node', [join(demoDir, 'run-demo.mjs')], {
        cwd: repoRoot,
        reject: false,
        all: true,
        stdin: 'ignore',
        env: { AGENTBATCH_DEMO_DIR: target, NO_COLOR: '1' },
      });
    const first = await demo();
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).toContain('agentbatch compare');

    // The recording plays again on projects the first run already changed.
    const again = await runCli(['run'], { cwd: target });
    expect(again.exitCode, again.all).toBe(0);
    const second = await demo();
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toContain('2 earlier run(s) are kept');
    // Fresh projects for the third run: it did the work again, and the runs of before are kept.
    expect(readFileSync(join(target, 'projects/fizzbuzz/fizzbuzz.js'), 'utf8')).not.toContain('not implemented');
    const runIds = readdirSync(join(target, 'runs')).sort();
    expect(runIds).toHaveLength(3);
    for (const runId of runIds) expect(readResults(join(target, 'runs', runId)).status, runId).toBe('passed');

    const listing = await runCli(['runs'], { cwd: target });
    expect(listing.exitCode, listing.all).toBe(0);
    for (const runId of runIds) expect(listing.stdout).toContain(runId);
    const [a, b] = runIds.map((runId) => join(target, 'runs', runId));
    const comparison = await runCli(['compare', a as string, b as string], { cwd: target });
    expect(comparison.exitCode, comparison.all).toBe(0);
    expect(comparison.stdout).toContain('fizzbuzz: Implement fizzbuzz(n)');
  });
});
