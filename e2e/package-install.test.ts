import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { repoRoot } from './support/cli.js';
import { expectUsageMatchesServer } from './support/expect-usage.js';
import { onlyRun, readResults } from './support/run-folder.js';
import { startScriptedModelServer } from './support/scripted-model-server.js';

const packages = ['core', 'providers', 'reporters', 'view', 'queue', 'cli'];
/** The example plugin packages, one of each kind, published as a user would publish theirs. */
const plugins = ['provider-fetch', 'reporter-csv', 'stage-grep'];

/** The environment without what `npm run` adds, so the npm started here acts on its own folder only. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, NO_COLOR: '1' };
}

/** Every file of a tarball, without its `package/` prefix. */
async function tarballFiles(tarball: string): Promise<string[]> {
  const listing = await execa('tar', ['-tzf', tarball]);
  return listing.stdout.split('\n').map((line) => line.replace(/^package\//, ''));
}

describe('the packages as a user installs them', () => {
  it('packs each package and the example plugins, installs the tarballs into a fresh folder outside the repo, and runs the demo and a batch using the plugins there', async () => {
    const work = mkdtempSync(join(tmpdir(), 'agentbatch-pack-'));
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const packed = await execa(
      'npm',
      ['pack', '--json', '--pack-destination', tarballs, ...packages.flatMap((name) => ['-w', `packages/${name}`])],
      { cwd: repoRoot, env: cleanEnv(), extendEnv: false },
    );
    const files = (JSON.parse(packed.stdout) as Array<{ filename: string }>).map((entry) =>
      join(tarballs, entry.filename.replace(/^@/, '').replace('/', '-')),
    );
    expect(files.map((file) => existsSync(file))).toEqual(packages.map(() => true));

    for (const tarball of files) {
      const contents = await tarballFiles(tarball);
      expect(contents, tarball).toEqual(
        expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js']),
      );
      expect(
        contents.filter((file) => /\.tsbuildinfo$|\.test\.ts$|test-support/.test(file)),
        tarball,
      ).toEqual([]);
    }
    expect(await tarballFiles(files.at(-1) as string)).toContain('bin/agentbatch.js');
    const pluginsPacked = await execa(
      'npm',
      ['pack', '--json', '--pack-destination', tarballs, ...plugins.map((name) => `./examples/plugins/${name}`)],
      { cwd: repoRoot, env: cleanEnv(), extendEnv: false },
    );
    const pluginFiles = (JSON.parse(pluginsPacked.stdout) as Array<{ filename: string }>).map((entry) =>
      join(tarballs, entry.filename),
    );
    for (const tarball of pluginFiles) {
      // What a plugin publishes: its code, manifest and README, not its tests.
      expect((await tarballFiles(tarball)).sort(), tarball).toEqual(['README.md', 'index.js', 'package.json']);
    }

    // A fresh folder: the dependencies come from npm's cache, filled by `npm ci`.
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
    const install = await execa(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...files, ...pluginFiles],
      { cwd: app, env: cleanEnv(), extendEnv: false, reject: false, all: true },
    );
    expect(install.exitCode, install.all).toBe(0);
    const installedCli = JSON.parse(readFileSync(join(app, 'node_modules/@agentbatch/cli/package.json'), 'utf8'));
    expect(installedCli.bin).toEqual({ agentbatch: 'bin/agentbatch.js' });
    expect(readFileSync(join(app, 'node_modules/@agentbatch/core/LICENSE'), 'utf8')).toContain('Apache License');

    // Source maps point at sources that are there.
    for (const name of packages) {
      const map = join(app, 'node_modules/@agentbatch', name, 'dist/index.js.map');
      const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
      for (const source of sources) expect(existsSync(resolve(dirname(map), source)), `${map} → ${source}`).toBe(true);
    }

    const bin = join(app, 'node_modules/.bin/agentbatch');
    const version = await execa(bin, ['--version'], { cwd: app, env: cleanEnv(), extendEnv: false });
    expect(version.stdout).toMatch(/\d+\.\d+\.\d+/);

    const init = await execa(bin, ['init'], { cwd: app, env: cleanEnv(), extendEnv: false, reject: false, all: true });
    expect(init.exitCode, init.all).toBe(0);
    expect(existsSync(join(app, 'agentbatch.yaml'))).toBe(true);

    // The demo, run with the installed command.
    const demo = join(app, 'demo');
    cpSync(join(repoRoot, 'examples/demo'), demo, {
      recursive: true,
      filter: (source) => !source.endsWith('run-demo.mjs') && !source.includes('/runs'),
    });
    const run = await execa(bin, ['run'], { cwd: demo, env: cleanEnv(), extendEnv: false, reject: false, all: true });
    expect(run.exitCode, run.all).toBe(0);
    const [runId] = readdirSync(join(demo, 'runs'));
    expect(readResults(join(demo, 'runs', runId as string)).summary.completed).toBe(3);
    const test = await execa('node', ['test.js'], { cwd: join(demo, 'projects/fizzbuzz'), reject: false });
    expect(test.exitCode, test.stdout).toBe(0);

    // A batch through the installed CLI that uses the three installed plugins, found by package name.
    const server = await startScriptedModelServer(batchScripts);
    try {
      const batch = join(app, 'batch');
      cpSync(join(repoRoot, 'e2e/fixtures/batch/calculator'), join(batch, 'calculator'), { recursive: true });
      writeFileSync(join(batch, 'calculator/NOTES.md'), 'TODO: publish the calculator\n');
      writeFileSync(
        join(batch, 'agentbatch.yaml'),
        `providers:
  local: { type: agentbatch-provider-fetch, baseURL: "${server.url}", apiKey: local-key, model: scripted-coder }
agents:
  coder: { provider: local, maxTurns: 10 }
  evaluator: { provider: local, model: scripted-judge, maxTurns: 5 }
pipeline: [code, { agentbatch-stage-grep: { pattern: "TODO|FIXME" } }, evaluate]
tasks:
  - { dir: calculator, prompt: "[calc] add(2, 3) should be 5 but test.js fails. Fix calc.js." }
reporters: [json, agentbatch-reporter-csv]
`,
      );
      const pluginRun = await execa(bin, ['run'], {
        cwd: batch,
        env: cleanEnv(),
        extendEnv: false,
        reject: false,
        all: true,
      });
      expect(pluginRun.exitCode, pluginRun.all).toBe(0);
      expect(server.protocolErrors).toEqual([]);
      const { runDir, results, events } = onlyRun(batch);
      expect(results.tasks[0]?.status).toBe('completed');
      // The provider plugin made every call and reported exactly the server's usage.
      expectUsageMatchesServer(results, server);
      // The stage plugin's findings reached the evaluator, and its note the event log.
      const evaluatorSaw = server.requestBodies.filter((body) => body.includes('lines matching TODO|FIXME'));
      expect(evaluatorSaw.some((body) => body.includes('NOTES.md:1:TODO: publish the calculator'))).toBe(true);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'stage-note', stage: 'grep', data: { matches: 1 } }),
      );
      // The reporter plugin wrote its file.
      const csv = readFileSync(join(runDir, 'results.csv'), 'utf8').split('\r\n');
      expect(csv[0]).toBe(
        'id,variant,status,iterations,input_tokens,output_tokens,total_tokens,cost_usd,seconds,dir,verdict',
      );
      expect(csv[1]).toMatch(new RegExp(`^${results.tasks[0]?.id},,completed,1,${results.summary.usage.inputTokens},`));
    } finally {
      await server.close();
    }
    // npm is slow on a busy machine: packing and installing 90 packages from the cache.
  }, 600_000);
});
