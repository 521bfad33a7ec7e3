import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, runCli } from './support/cli.js';
import { fileHashes } from './support/file-hashes.js';
import { latestRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

const servers: ScriptedModelServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const tasks = [
  '{ "dir": "./calculator", "first_prompt": "[calc] add(2, 3) should be 5 but test.js fails. Fix calc.js." }',
  '{ "dir": "./docs", "first_prompt": "[docs] Write a README.md for this library." }',
];

/**
 * The batch fixture under a two-variant matrix: `gpt-pair` talks the OpenAI wire format to one
 * server, `claude-pair` Anthropic's to another, so each server's counts are one variant's calls.
 */
function matrixProject(openai: ScriptedModelServer, anthropic: ScriptedModelServer): string {
  const dir = copyFixture('batch');
  writeFileSync(join(dir, 'task.json'), `{ "tasks": [${tasks.join(', ')}] }`);
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    `providers:
  gpt:
    type: openai
    baseURL: ${openai.url}
    apiKey: local-key
    model: scripted-coder
    pricing: { input: 0.5, output: 2.0 }
  claude:
    type: anthropic
    baseURL: ${anthropic.anthropicURL}
    apiKey: local-key
    model: scripted-claude
    pricing: { input: 3, output: 15 }
agents:
  coder: { provider: gpt, maxTurns: 10 }
  evaluator: { provider: gpt, model: scripted-judge, maxTurns: 5 }
run:
  concurrency: 4
  maxIterations: 4
matrix:
  - { name: gpt-pair }
  - { name: claude-pair, agents: { coder: { provider: claude }, evaluator: { provider: claude, model: scripted-claude } } }
tasks: ./task.json
reporters: [console, json, markdown]
`,
  );
  return dir;
}

/** Every file under `dir` with a hash of its bytes, the run folder left out. */
const snapshot = (dir: string) => fileHashes(dir, ['.agentbatch']);

function expectVariantUsage(results: RunResults, variant: string, server: ScriptedModelServer): void {
  const summary = results.summary.byVariant?.[variant];
  for (const role of ['coder', 'evaluator'] as const) {
    const served = server.totals(role);
    const counted = summary?.usageByRole[role];
    expect(counted?.calls, `${variant} ${role} calls`).toBe(served.calls);
    expect(counted?.inputTokens, `${variant} ${role} input tokens`).toBe(served.inputTokens);
    expect(counted?.outputTokens, `${variant} ${role} output tokens`).toBe(served.outputTokens);
  }
  expect(summary?.usage.calls).toBe(server.calls.length);
}

describe('matrix', () => {
  it('runs every task under each variant in its own workspace and compares the variants', async () => {
    const openai = await startScriptedModelServer(batchScripts);
    const anthropic = await startScriptedModelServer(batchScripts);
    servers.push(openai, anthropic);
    const dir = matrixProject(openai, anthropic);
    const before = snapshot(dir);

    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir });
    expect(run.exitCode, run.all).toBe(0);
    expect(openai.protocolErrors).toEqual([]);
    expect(anthropic.protocolErrors).toEqual([]);
    // Each server spoke only its wire format, to both agents.
    expect(new Set(openai.calls.map((call) => call.format))).toEqual(new Set(['openai']));
    expect(new Set(anthropic.calls.map((call) => call.format))).toEqual(new Set(['anthropic']));
    expect(new Set(anthropic.calls.map((call) => call.role))).toEqual(new Set(['coder', 'evaluator']));

    const { runDir, results } = latestRun(dir);
    const ids = results.tasks.map((task) => task.id);
    const [calcId, docsId] = ids.filter((id) => id.endsWith('@gpt-pair')).map((id) => id.split('@')[0]);
    expect(ids).toEqual([`${calcId}@gpt-pair`, `${calcId}@claude-pair`, `${docsId}@gpt-pair`, `${docsId}@claude-pair`]);
    expect(results.tasks.map((task) => task.variant)).toEqual(['gpt-pair', 'claude-pair', 'gpt-pair', 'claude-pair']);
    expect(results.tasks.every((task) => task.status === 'completed')).toBe(true);
    // The plain console (stdout is no terminal here) tells a task's variants apart on every line.
    for (const [index, variant] of ['gpt-pair', 'claude-pair', 'gpt-pair', 'claude-pair'].entries()) {
      expect(run.stdout).toMatch(new RegExp(`\\] Task ${index + 1}/4 @${variant}: started\\n`));
      expect(run.stdout).toMatch(new RegExp(`✅ Task ${index + 1} @${variant} completed \\(`));
    }

    // Workspaces of their own: the originals are untouched, each variant's change is its own patch.
    expect(snapshot(dir)).toEqual(before);
    for (const id of ids) {
      const patch = readFileSync(join(runDir, 'tasks', id, 'diff.patch'), 'utf8');
      expect(patch).toContain(id.startsWith(calcId as string) ? '+  return a + b;' : '+++ b/README.md');
    }

    // Per variant: what each server counted, and the totals a team compares.
    expect(Object.keys(results.summary.byVariant ?? {})).toEqual(['gpt-pair', 'claude-pair']);
    expectVariantUsage(results, 'gpt-pair', openai);
    expectVariantUsage(results, 'claude-pair', anthropic);
    const gpt = results.summary.byVariant?.['gpt-pair'];
    const claude = results.summary.byVariant?.['claude-pair'];
    expect(gpt).toMatchObject({ total: 2, completed: 2 });
    expect(claude).toMatchObject({ total: 2, completed: 2 });
    const iterationsOf = (variant: string) =>
      results.tasks.filter((task) => task.variant === variant).reduce((sum, task) => sum + task.iterations, 0);
    expect(gpt?.iterations).toBe(iterationsOf('gpt-pair'));
    expect(claude?.iterations).toBe(iterationsOf('claude-pair'));
    // Same scripts, prices six times higher: the cost tells the variants apart.
    expect(claude?.costUsd).toBeGreaterThan(gpt?.costUsd ?? Number.POSITIVE_INFINITY);
    expect((gpt?.costUsd ?? 0) + (claude?.costUsd ?? 0)).toBeCloseTo(results.summary.costUsd, 6);

    expect(run.stdout).toMatch(/🔀 gpt-pair: 2\/2 completed, \d+ iterations, [\d,]+ tokens, \$[\d.]+, /);
    expect(run.stdout).toContain(`🔀 claude-pair: 2/2 completed, ${claude?.iterations} iterations`);

    // report.md and compare show the variants side by side.
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    const row = (name: string) => report.split('\n').find((line) => line.startsWith(`| ${name} |`));
    expect(report).toContain('## Variants');
    expect(row('gpt-pair')).toMatch(/^\| gpt-pair \| 2\/2 \| 100\.0% \| \d+ \|/);
    expect(row('gpt-pair')).toContain(`| ${gpt?.usage.calls} |`);
    expect(row('claude-pair')).toContain(`| ${claude?.usage.calls} |`);
    expect(report).toContain('| Task | gpt-pair | claude-pair | ID |');
    const compared = await runCli(['compare', runDir], { cwd: dir });
    expect(compared.exitCode, compared.all).toBe(0);
    expect(compared.stdout).toContain('# Variants');
    expect(compared.stdout).toContain(row('claude-pair'));
  });

  it("lists each variant's agents and its tasks in a dry run, and --only takes a task's id or one variant's", async () => {
    const openai = await startScriptedModelServer(batchScripts);
    const anthropic = await startScriptedModelServer(batchScripts);
    servers.push(openai, anthropic);
    const dir = matrixProject(openai, anthropic);
    const listing = await runCli(['run', 'agentbatch.yaml', '--dry-run'], { cwd: dir });
    expect(listing.exitCode, listing.all).toBe(0);
    expect(listing.stdout).toContain('4 task(s)');
    expect(listing.stdout).toContain('gpt-pair: coder: gpt scripted-coder; evaluator: gpt scripted-judge');
    expect(listing.stdout).toContain('claude-pair: coder: claude scripted-claude; evaluator: claude scripted-claude');
    const calcId = /(t-[0-9a-f]{10})@gpt-pair/.exec(listing.stdout)?.[1];
    const one = await runCli(['run', 'agentbatch.yaml', '--dry-run', '--only', `${calcId}@claude-pair`], { cwd: dir });
    expect(one.stdout).toContain('1 task(s)');
    const both = await runCli(['run', 'agentbatch.yaml', '--dry-run', '--only', calcId as string], { cwd: dir });
    expect(both.stdout).toContain('2 task(s)');
    expect(both.stdout).toContain(`${calcId}@gpt-pair`);
    expect(both.stdout).toContain(`${calcId}@claude-pair`);
    expect(openai.calls.length + anthropic.calls.length).toBe(0);
  });

  it('refuses a variant that names an undefined provider, with exit 2 and its YAML path', async () => {
    const openai = await startScriptedModelServer(batchScripts);
    servers.push(openai);
    const dir = matrixProject(openai, openai);
    const config = join(dir, 'agentbatch.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('coder: { provider: claude }', 'coder: { provider: claud }'),
    );
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir });
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain('agentbatch.yaml:22');
    expect(run.stderr).toContain('matrix[1].agents.coder');
    expect(run.stderr).toContain('provider "claud", which is not defined');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(openai.calls).toHaveLength(0);
    expect(existsSync(join(dir, '.agentbatch'))).toBe(false);
  });
});
