import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, runCli } from './support/cli.js';
import { expectUsageMatchesServer } from './support/expect-usage.js';
import { latestRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The batch fixture with the coder and the evaluator on the given provider configs. */
function configure(dir: string, coder: string, evaluator: string) {
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    `providers:\n  coder-side: ${coder}\n  judge-side: ${evaluator}\n` +
      'agents:\n  coder: { provider: coder-side, maxTurns: 10 }\n  evaluator: { provider: judge-side, maxTurns: 5 }\n' +
      'run: { concurrency: 2, maxIterations: 4 }\ntasks: ./task.json\nreporters: [json]\n',
  );
}

describe('providers', () => {
  const combinations = [
    {
      name: 'coder on Anthropic (streamed), evaluator on OpenAI (not streamed)',
      coder: 'anthropic',
      coderStream: true,
      judge: 'openai',
      judgeStream: false,
    },
    {
      name: 'coder on OpenAI (streamed), evaluator on Anthropic (not streamed)',
      coder: 'openai',
      coderStream: true,
      judge: 'anthropic',
      judgeStream: false,
    },
    {
      name: 'both on Anthropic, not streamed',
      coder: 'anthropic',
      coderStream: false,
      judge: 'anthropic',
      judgeStream: false,
    },
  ];
  for (const combination of combinations) {
    it(`runs the batch with the ${combination.name}`, async () => {
      server = await startScriptedModelServer(batchScripts);
      const provider = (type: string, stream: boolean, model: string) =>
        `{ type: ${type}, baseURL: "${type === 'anthropic' ? server?.anthropicURL : server?.url}", apiKey: local-key, model: ${model}, stream: ${stream} }`;
      const dir = copyFixture('batch');
      configure(
        dir,
        provider(combination.coder, combination.coderStream, 'scripted-coder'),
        provider(combination.judge, combination.judgeStream, 'scripted-judge'),
      );
      const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir });
      expect(run.exitCode, run.all).toBe(0);
      expect(server.protocolErrors).toEqual([]);
      const byRole = (role: 'coder' | 'evaluator') =>
        new Set(server?.calls.filter((call) => call.role === role).map((call) => `${call.format}/${call.stream}`));
      expect([...byRole('coder')]).toEqual([`${combination.coder}/${combination.coderStream}`]);
      expect([...byRole('evaluator')]).toEqual([`${combination.judge}/${combination.judgeStream}`]);
      const { results: outcome } = latestRun(dir);
      expect(outcome.summary.completed).toBe(3);
      expectUsageMatchesServer(outcome, server);
      expect(readFileSync(join(dir, 'calculator/calc.js'), 'utf8')).toContain('return a + b;');
    });
  }

  it('loads a provider published as an npm package, by its package name', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('provider-plugin');
    const run = await runCli(['run'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { results: outcome } = latestRun(dir);
    expect(outcome.tasks.map((task) => task.status)).toEqual(['completed']);
    expectUsageMatchesServer(outcome, server);
    expect(readFileSync(join(dir, 'calculator/calc.js'), 'utf8')).toContain('return a + b;');
  });

  it("reports a plugin's invalid option with its module and YAML path, exit 2", async () => {
    const dir = copyFixture('provider-plugin');
    const config = readFileSync(join(dir, 'agentbatch.yaml'), 'utf8').replace(
      '    model: scripted-coder',
      '    model: scripted-coder\n    temperature: warm',
    );
    writeFileSync(join(dir, 'agentbatch.yaml'), config);
    const run = await runCli(['run'], { cwd: dir, env: { MODEL_URL: 'http://127.0.0.1:9/v1' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('provider "fetch-chat-provider"');
    expect(run.stderr).toContain('providers.plugin.temperature');
    expect(run.stderr).toMatch(/agentbatch\.yaml:\d+/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names an unknown provider type, exit 2', async () => {
    const dir = copyFixture('provider-plugin');
    writeFileSync(
      join(dir, 'agentbatch.yaml'),
      readFileSync(join(dir, 'agentbatch.yaml'), 'utf8').replace('fetch-chat-provider', 'no-such-provider'),
    );
    const run = await runCli(['validate'], { cwd: dir, env: { MODEL_URL: 'http://127.0.0.1:9/v1' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('provider "no-such-provider"');
    expect(run.stderr).toContain('providers.plugin');
  });
});
