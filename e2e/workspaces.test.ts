import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, runCli } from './support/cli.js';
import { expectUsageMatchesServer } from './support/expect-usage.js';
import { fileHashes } from './support/file-hashes.js';
import { latestRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const calc =
  '{ "dir": "./calculator", "first_prompt": "[calc] add(2, 3) should be 5 but test.js fails. Fix calc.js." }';
const docs = '{ "dir": "./docs", "first_prompt": "[docs] Write a README.md for this library." }';

/** The batch fixture with these tasks and these lines added under `run:`. */
function fixture(tasks: string[], runKeys: string): string {
  const dir = copyFixture('batch');
  writeFileSync(join(dir, 'task.json'), `{ "tasks": [${tasks.join(', ')}] }`);
  const config = readFileSync(join(dir, 'agentbatch.yaml'), 'utf8');
  writeFileSync(join(dir, 'agentbatch.yaml'), config.replace('maxIterations: 4', `maxIterations: 4\n${runKeys}`));
  return dir;
}

/** Every file under `dir` with a hash of its bytes, the run folder and git's own files left out. */
const snapshot = (dir: string) => fileHashes(dir, ['.agentbatch', '.git/']);

const git = async (dir: string, ...args: string[]) => (await execa('git', args, { cwd: dir })).stdout;

describe('run.workspace: copy', () => {
  it('works on a copy: the original stays byte-identical and the change is tasks/<id>/diff.patch', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = fixture([calc, docs], '  workspace: copy');
    const before = snapshot(dir);
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    const { runDir, results } = latestRun(dir);
    const [calcTask, docsTask] = results.tasks;
    const calcPatch = readFileSync(join(runDir, 'tasks', calcTask?.id as string, 'diff.patch'), 'utf8');
    expect(calcPatch).toContain('--- a/calc.js\n+++ b/calc.js');
    expect(calcPatch).toContain('-  return a - b;\n+  return a + b;');
    const docsPatch = readFileSync(join(runDir, 'tasks', docsTask?.id as string, 'diff.patch'), 'utf8');
    expect(docsPatch).toContain('+++ b/README.md');
    expect(docsPatch).toContain('+## Usage');
    // The patch is the whole change: applied to the original, the test passes.
    await execa('git', ['apply', join(runDir, 'tasks', calcTask?.id as string, 'diff.patch')], {
      cwd: join(dir, 'calculator'),
      env: { GIT_DIR: join(runDir, 'no-repo') },
    });
    expect((await execa('node', ['test.js'], { cwd: join(dir, 'calculator') })).stdout).toBe('ok');
  });

  it('applies a completed change back with run.applyBack, and reports one that no longer fits', async () => {
    server = await startScriptedModelServer(batchScripts, { delayMs: 20 });
    // The same fix twice, side by side from the same original: the first to finish applies, the
    // second finds the line already changed.
    const dir = fixture([calc, calc], '  workspace: copy\n  applyBack: true');
    const run = await runCli(['run', 'agentbatch.yaml', '-c', '2'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    expect(readFileSync(join(dir, 'calculator/calc.js'), 'utf8')).toContain('return a + b;');
    const { results } = latestRun(dir);
    expect(results.tasks.map((task) => task.applyBack?.status).sort()).toEqual(['applied', 'conflict']);
    const conflict = results.tasks.find((task) => task.applyBack?.status === 'conflict');
    expect(conflict?.applyBack?.message).toMatch(/calc\.js/);
    expect(run.all).toMatch(/Not applied back to .*calculator: .*calc\.js/);
    expect(readFileSync(join(latestRun(dir).runDir, 'report.md'), 'utf8')).toContain('**not applied back**');
  });
});

describe('run.workspace: worktree', () => {
  it('runs two tasks on one repository at once, each on its branch, the user tree untouched', async () => {
    server = await startScriptedModelServer(batchScripts, { delayMs: 50 });
    const dir = fixture([calc, docs], '  workspace: worktree');
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'start');
    const before = snapshot(dir);
    const run = await runCli(['run', 'agentbatch.yaml'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { results, events } = latestRun(dir);
    const { runId } = results;
    const [calcTask, docsTask] = results.tasks;
    // Side by side: the second started before the first ended.
    const at = (type: string, taskId: string | undefined) =>
      events.findIndex((event) => event.type === type && event.taskId === taskId);
    expect(at('task-start', docsTask?.id)).toBeLessThan(at('task-end', calcTask?.id));
    expect(calcTask?.branch).toBe(`agentbatch/${runId}/${calcTask?.id}`);
    expect(await git(dir, 'show', `${calcTask?.branch}:calculator/calc.js`)).toContain('return a + b;');
    expect(await git(dir, 'show', `${docsTask?.branch}:docs/README.md`)).toContain('## Usage');
    expect(await git(dir, 'log', '-1', '--format=%an %s', calcTask?.branch as string)).toMatch(/^agentbatch /);
    // The user's tree: same branch, same files, nothing staged, only the run folder new; no worktree left.
    expect(await git(dir, 'branch', '--show-current')).toBe('main');
    expect(snapshot(dir)).toEqual(before);
    expect(await git(dir, 'status', '--porcelain')).toBe('?? .agentbatch/');
    expect((await git(dir, 'worktree', 'list')).split('\n')).toHaveLength(1);
  });
});

describe('run.attempts', () => {
  it('tries a task 3 times side by side, keeps the attempt that succeeded, and counts every call', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'agentbatch-e2e-lock-')), 'taken');
    server = await startScriptedModelServer({
      '[race]': {
        // Every attempt races for one lock outside its workspace; only the winner writes winner.txt.
        coder: [
          {
            toolCalls: [
              { name: 'run_shell', arguments: { command: `mkdir ${lock} 2>/dev/null && echo won > winner.txt; ls` } },
            ],
          },
          { text: 'Tried.' },
        ],
        // The evaluator accepts what verify confirmed, and gives up otherwise.
        evaluator: [
          {
            toolCalls: [{ name: 'submit_verdict', arguments: { status: 'failed', summary: 'verify failed' } }],
            ifInputIncludes: {
              text: '(exit code 0)',
              answer: {
                toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'verify passed' } }],
              },
            },
          },
        ],
      },
    });
    const dir = fixture(
      ['{ "dir": "./calculator", "first_prompt": "[race] Win." }'],
      '  workspace: copy\n  attempts: 3',
    );
    writeFileSync(
      join(dir, 'agentbatch.yaml'),
      readFileSync(join(dir, 'agentbatch.yaml'), 'utf8').replace(
        'tasks: ./task.json',
        'pipeline: [code, { verify: { command: "cat winner.txt" } }, evaluate]\ntasks: ./task.json',
      ),
    );
    const run = await runCli(['run', 'agentbatch.yaml', '-c', '3'], { cwd: dir, env: { MODEL_URL: server.url } });
    expect(run.exitCode, run.all).toBe(0);
    const { runDir, results } = latestRun(dir);
    const [task] = results.tasks;
    expect(task?.attempts?.map((attempt) => attempt.status).sort()).toEqual(['completed', 'failed', 'failed']);
    const winner = task?.attempts?.find((attempt) => attempt.status === 'completed');
    expect(task?.chosenAttempt).toBe(winner?.attempt);
    expect(winner?.verifyExitCode).toBe(0);
    expect(task).toMatchObject({ status: 'completed', verdict: { summary: 'verify passed' } });
    // Usage: every attempt's calls, exactly as the server counted them.
    expectUsageMatchesServer(results, server);
    expect(task?.usage.calls).toBe(server.calls.length);
    expect(server.calls.filter((call) => call.role === 'evaluator')).toHaveLength(3);
    // The chosen attempt's change is the task's; each attempt has its own transcript.
    expect(readFileSync(join(runDir, 'tasks', task?.id as string, 'diff.patch'), 'utf8')).toContain('+++ b/winner.txt');
    for (const attempt of [1, 2, 3])
      expect(readdirSync(join(runDir, 'tasks', task?.id as string, `attempt-${attempt}`))).toContain(
        'transcript.jsonl',
      );
    expect(run.all).toMatch(/Attempts: .*← chosen/);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toContain('## Attempts');
  });
});

describe('--retry-failed with workspaces of their own', () => {
  for (const mode of ['copy', 'worktree'] as const) {
    it(`starts a task that did not complete over in a fresh ${mode}, leaving the original alone`, async () => {
      server = await startScriptedModelServer(batchScripts);
      const dir = fixture([calc, docs], `  workspace: ${mode}`);
      await git(dir, 'init', '-q', '-b', 'main');
      await git(dir, 'add', '-A');
      await git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'start');
      const before = snapshot(dir);
      const first = await runCli(['run', 'agentbatch.yaml', '--max-iterations', '1'], {
        cwd: dir,
        env: { MODEL_URL: server.url },
      });
      expect(first.exitCode, first.all).toBe(1);
      const retried = await runCli(['run', 'agentbatch.yaml', '--retry-failed'], {
        cwd: dir,
        env: { MODEL_URL: server.url },
      });
      expect(retried.exitCode, retried.all).toBe(0);
      const { runDir, results } = latestRun(dir);
      expect(results.summary.completed).toBe(2);
      const docsTask = results.tasks[1];
      const patch = readFileSync(join(runDir, 'tasks', docsTask?.id as string, 'diff.patch'), 'utf8');
      expect(patch).toContain('+## Usage');
      expect(snapshot(dir)).toEqual(before);
      if (mode === 'worktree')
        expect(await git(dir, 'show', `${docsTask?.branch}:docs/README.md`)).toContain('## Usage');
    });
  }
});
