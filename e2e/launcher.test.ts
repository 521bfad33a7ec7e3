import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchScripts } from './support/batch-scripts.js';
import { copyFixture, repoRoot, runCli } from './support/cli.js';
import { latestRun, readEvents } from './support/run-folder.js';
import { type ScriptedModelServer, startScriptedModelServer } from './support/scripted-model-server.js';
import { hasTmux, quote, TmuxTerminal } from './support/tmux-terminal.js';

const bin = join(repoRoot, 'packages/cli/bin/agentbatch.js');
let server: ScriptedModelServer | undefined;
let terminal: TmuxTerminal | undefined;

afterEach(async () => {
  terminal?.close();
  terminal = undefined;
  await server?.close();
  server = undefined;
});

/** `agentbatch` alone, in a terminal, in the batch fixture's folder. */
function launch(dir: string): TmuxTerminal {
  const command = `cd ${quote(dir)} && env -u CI MODEL_URL=${quote(server?.url ?? '')} node ${quote(bin)}; echo "exit status $?"; sleep 600`;
  return new TmuxTerminal(command, 120, 40);
}

const shows = (text: string) => (screen: string[]) => screen.some((line) => line.includes(text));

describe.skipIf(!hasTmux)('the interactive launcher (needs tmux: skipped when it is not installed)', () => {
  it('offers the config (not the task.json it names), asks the concurrency and the iteration limit, then runs it', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    terminal = launch(dir);
    await terminal.waitFor(shows('Tasks at once'), 30_000);
    expect(terminal.capture(true).join('\n')).toContain('Batch: agentbatch.yaml');
    terminal.press('BSpace');
    terminal.press('1');
    terminal.press('Enter');
    await terminal.waitFor(shows('rounds per task'), 15_000);
    terminal.press('Enter');
    await terminal.waitFor(shows('now?'), 15_000);
    terminal.press('Enter');
    await terminal.waitFor(shows('exit status'), 30_000);
    expect(terminal.capture(true).join('\n')).toContain('exit status 0');
    const { runDir, results } = latestRun(dir);
    expect(results.summary.completed).toBe(3);
    // The concurrency typed at the prompt was used: one task at a time.
    const order = readEvents(runDir)
      .filter((event) => event.type === 'task-start' || event.type === 'task-end')
      .map((event) => event.type);
    expect(order).toEqual(['task-start', 'task-end', 'task-start', 'task-end', 'task-start', 'task-end']);
  });

  it('offers to retry, by default, the tasks of a run that did not complete, and does', async () => {
    server = await startScriptedModelServer(batchScripts);
    const dir = copyFixture('batch');
    const first = await runCli(['run', 'agentbatch.yaml', '--max-iterations', '1'], {
      cwd: dir,
      env: { MODEL_URL: server.url },
    });
    expect(first.exitCode).toBe(1);
    terminal = launch(dir);
    await terminal.waitFor(shows('did not complete every task'), 30_000);
    expect(terminal.capture(true).join('\n')).toContain('Run again the 1 task that ended 1 incomplete');
    terminal.press('Enter');
    for (const prompt of ['Tasks at once', 'rounds per task', 'now?']) {
      await terminal.waitFor(shows(prompt), 15_000);
      terminal.press('Enter');
    }
    await terminal.waitFor(shows('exit status'), 30_000);
    expect(terminal.capture(true).join('\n')).toContain('exit status 0');
    const { results } = latestRun(dir);
    expect(results.summary.completed).toBe(3);
  });
});
