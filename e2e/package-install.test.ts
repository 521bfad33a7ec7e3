import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';
import { readResults } from './support/run-folder.js';

const packages = ['core', 'providers', 'reporters', 'view', 'queue', 'cli'];

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
  it('packs each package, installs the tarballs into a fresh folder outside the repo, and runs the demo there', async () => {
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

    // A fresh folder: the dependencies come from npm's cache, filled by `npm ci`.
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
    const install = await execa(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...files],
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
    // npm is slow on a busy machine: packing and installing 90 packages from the cache.
  }, 600_000);
});
