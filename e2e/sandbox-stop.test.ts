import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';
import type { ScriptStep } from './support/model-script.js';
import { killProcessesIn, processesIn, waitForProcessesIn } from './support/processes.js';
import { onlyRun } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';

/**
 * A command that never ends by itself, the ways an agent writes them: a background process, one
 * that ignores SIGTERM, and a foreground one that waits for ever. Whatever stops the task must stop
 * all four processes (two sleeps, their shell, tail), sandboxed or not.
 */
const endless = `sleep 300 & sh -c "trap '' TERM; sleep 300" & tail -f /dev/null`;
const endlessProcesses = 4;
const bin = join(repoRoot, 'packages/cli/bin/agentbatch.js');
const hasBwrap = (await execa('bwrap', ['--version'], { reject: false })).exitCode === 0;

let server: ScriptedModelServer | undefined;
let taskDir: string | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (taskDir) killProcessesIn(taskDir);
  taskDir = undefined;
});

/** A batch of one task whose coder runs `endless` (with `timeoutMs`, if given), then says it is done. */
async function foreverBatch(options: { sandbox: string; timeoutMs?: number; taskTimeout?: string }) {
  const coderCall: ScriptStep = {
    toolCalls: [
      {
        name: 'run_shell',
        arguments: { command: endless, ...(options.timeoutMs !== undefined && { timeout_ms: options.timeoutMs }) },
      },
    ],
  };
  server = await startScriptedModelServer({
    '[forever]': {
      coder: [coderCall, { text: 'The command was stopped.' }],
      evaluator: [{ toolCalls: [{ name: 'submit_verdict', arguments: { status: 'completed', summary: 'ok' } }] }],
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'agentbatch-e2e-stop-'));
  taskDir = join(dir, 'forever');
  mkdirSync(taskDir);
  writeFileSync(
    join(dir, 'task.json'),
    JSON.stringify({ tasks: [{ dir: './forever', first_prompt: '[forever] Run it.' }] }),
  );
  writeFileSync(
    join(dir, 'agentbatch.yaml'),
    `providers:
  local: { type: openai, baseURL: "${server.url}", apiKey: test-key, model: scripted-coder }
agents:
  coder: { provider: local }
  evaluator: { provider: local, model: scripted-judge }
run:
  sandbox: ${options.sandbox}
  maxIterations: 1
${options.taskTimeout ? `  taskTimeout: ${options.taskTimeout}\n` : ''}tasks: ./task.json
reporters: [json]
`,
  );
  return { dir, taskDir };
}

const sandboxes = hasBwrap ? ['none', 'bwrap'] : ['none'];

describe.skipIf(process.platform !== 'linux')('stopping what a task started', () => {
  for (const sandbox of sandboxes) {
    describe(`run.sandbox: ${sandbox}`, () => {
      it('timeout_ms stops the command and every process it started; the task goes on', async () => {
        const batch = await foreverBatch({ sandbox, timeoutMs: 1_000 });
        const started = Date.now();
        const run = await runCli(['run'], { cwd: batch.dir, timeout: 60_000 });
        expect(run.exitCode, run.all).toBe(0);
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(processesIn(batch.taskDir)).toEqual([]);
        const { results } = onlyRun(batch.dir);
        expect(results.tasks[0]?.status).toBe('completed');
        // The coder was told, and went on to its next step.
        expect(server?.calls.filter((call) => call.role === 'coder')).toHaveLength(2);
      });

      it('taskTimeout stops the command and every process it started', async () => {
        const batch = await foreverBatch({ sandbox, taskTimeout: '3s' });
        const started = Date.now();
        const run = await runCli(['run'], { cwd: batch.dir, timeout: 60_000 });
        expect(run.exitCode, run.all).toBe(1);
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(processesIn(batch.taskDir)).toEqual([]);
        expect(onlyRun(batch.dir).results.tasks[0]?.error?.code).toBe('timeout');
      });

      it('Ctrl-C (SIGINT) to the CLI stops every process before it exits', async () => {
        const batch = await foreverBatch({ sandbox });
        const cli = execa('node', [bin, 'run'], { cwd: batch.dir, reject: false, all: true, stdin: 'ignore' });
        await waitForProcessesIn(batch.taskDir, endlessProcesses);
        cli.kill('SIGINT');
        const interrupted = await cli;
        expect(interrupted.exitCode, interrupted.all).toBe(130);
        expect(processesIn(batch.taskDir)).toEqual([]);
        expect(onlyRun(batch.dir).results.tasks[0]?.status).toBe('cancelled');
      });

      it('a second Ctrl-C exits at once, and still leaves no process behind', async () => {
        const batch = await foreverBatch({ sandbox });
        const cli = execa('node', [bin, 'run'], { cwd: batch.dir, reject: false, all: true, stdin: 'ignore' });
        await waitForProcessesIn(batch.taskDir, endlessProcesses);
        // The second Ctrl-C goes the moment the first is acknowledged: a fixed pause lost the race
        // to a graceful stop that finished first on an idle machine.
        const stopping = new Promise<void>((resolve) => {
          cli.all?.on('data', (chunk) => {
            if (String(chunk).includes('SIGINT received')) resolve();
          });
        });
        cli.kill('SIGINT');
        await stopping;
        cli.kill('SIGINT');
        const interrupted = await cli;
        expect(interrupted.exitCode, interrupted.all).toBe(130);
        expect(interrupted.all).toContain('exiting now');
        // SIGKILL reaches every process at once, but the kernel may take a moment to end them.
        await expect.poll(() => processesIn(batch.taskDir), { timeout: 2_000 }).toEqual([]);
      });
    });
  }

  it.skipIf(!hasBwrap)('under bwrap, nothing a command started survives the CLI being killed outright', async () => {
    const batch = await foreverBatch({ sandbox: 'bwrap' });
    const cli = execa('node', [bin, 'run'], { cwd: batch.dir, reject: false, stdin: 'ignore' });
    await waitForProcessesIn(batch.taskDir, endlessProcesses);
    cli.kill('SIGKILL');
    await cli;
    await expect.poll(() => processesIn(batch.taskDir), { timeout: 2_000 }).toEqual([]);
  });
});
