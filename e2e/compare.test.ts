import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, runCli } from './support/cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('agentbatch compare', () => {
  it('shows what changed between two runs, on stdout or in a file', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const env = { MODEL_URL: server.url };
    const runs = () => readdirSync(join(dir, '.agentbatch/runs')).map((runId) => join('.agentbatch/runs', runId));
    // The first run stops the docs task after one iteration; the second lets it finish.
    expect((await runCli(['run', '--max-iterations', '1', '--reporter', 'json'], { cwd: dir, env })).exitCode).toBe(1);
    const [first] = runs();
    expect((await runCli(['run', '--reporter', 'json'], { cwd: dir, env })).exitCode).toBe(0);
    const second = runs().find((run) => run !== first);

    const compared = await runCli(['compare', first as string, second as string], { cwd: dir });
    expect(compared.exitCode, compared.all).toBe(0);
    expect(compared.stdout).toMatch(/^# agentbatch run comparison$/m);
    expect(compared.stdout).toMatch(/^\| Completed \| 2\/3 \(66\.7%\) \| 3\/3 \(100\.0%\) \| \+1 \|$/m);
    // Tasks are named by folder and prompt, with the verdict, as a reader knows them; the id is beside.
    expect(compared.stdout).toContain(
      '- **Newly completed (1):** docs: [docs] Write a README.md for this library. (incomplete → completed)',
    );
    expect(compared.stdout).not.toContain('Regressions');
    expect(compared.stdout).toMatch(
      /^\| docs: \[docs\] Write a README\.md for this library\. \| ⚠️ incomplete \| ✅ completed \| newly completed \| README has a usage example\. \| 1 → 2 \(\+1\) \| .* \| t-[0-9a-f]{10} \|$/m,
    );

    const written = await runCli(['compare', first as string, second as string, '-o', 'reports/compare.md'], {
      cwd: dir,
    });
    expect(written.exitCode, written.all).toBe(0);
    expect(readFileSync(join(dir, 'reports/compare.md'), 'utf8')).toBe(`${compared.stdout}\n`);
  });

  it('exits 2 with a clear message when a folder is not a run', async () => {
    const dir = copyFixture('batch');
    const compared = await runCli(['compare', 'calculator', 'docs'], { cwd: dir });
    expect(compared.exitCode).toBe(2);
    expect(compared.stderr).toContain(`${join(dir, 'calculator')} is not a run folder: it has no results.json`);
  });
});
