import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runShellTool } from './run-shell-tool.js';
import { createTempWorkspace } from './test-support/temp-workspace.js';

/** A zombie (exited, not yet reaped by a parent that is not ours) counts as dead. */
async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return process.platform !== 'linux';
    } catch {
      return false;
    }
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

async function readPid(file: string): Promise<number> {
  let pid = Number.NaN;
  await waitUntil(async () => {
    pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    return Number.isInteger(pid);
  });
  return pid;
}

describe.skipIf(process.platform === 'win32')('run_shell', () => {
  it('returns the exit code and the output', async () => {
    const { context } = await createTempWorkspace();
    const output = await runShellTool.execute({ command: 'echo hello; exit 3' }, context);
    expect(output).toEqual({ content: 'Exit code 3.\n\nhello', summary: 'run_shell "echo hello; exit 3" → exit 3' });
  });

  it('interleaves stdout and stderr in order', async () => {
    const { context } = await createTempWorkspace();
    const output = await runShellTool.execute({ command: 'echo one; echo two >&2; echo three' }, context);
    expect(output.content).toBe('Exit code 0.\n\none\ntwo\nthree');
  });

  it('runs in the workspace root with non-interactive hints and no stdin', async () => {
    const { context, root } = await createTempWorkspace();
    const output = await runShellTool.execute({ command: 'pwd; echo "CI=$CI"; cat; echo done' }, context);
    expect(output.content).toBe(`Exit code 0.\n\n${root}\nCI=1\ndone`);
  });

  it('says when there is no output', async () => {
    const { context } = await createTempWorkspace();
    expect((await runShellTool.execute({ command: 'true' }, context)).content).toBe('Exit code 0.\n\n(no output)');
  });

  it('keeps the head and tail of long output', async () => {
    const { context } = await createTempWorkspace();
    // seq 1 20000 prints 108894 characters; the final newline is stripped.
    const output = await runShellTool.execute({ command: 'seq 1 20000' }, context);
    expect(output.content.startsWith('Exit code 0.\n\n1\n2\n3\n')).toBe(true);
    expect(output.content.endsWith('19999\n20000')).toBe(true);
    expect(output.content).toContain('\n[... 78893 characters omitted ...]\n');
    expect(output.content.length).toBeLessThan(30_100);
  });

  it('kills the command and its children on timeout', async () => {
    const { context, root } = await createTempWorkspace();
    const started = Date.now();
    const output = await runShellTool.execute(
      { command: 'sleep 30 & echo $! > sleep.pid; wait; echo finished', timeout_ms: 500 },
      context,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/^Timed out after 500 ms/);
    expect(output.content).not.toContain('finished');
    expect(output.summary).toMatch(/→ timed out$/);
    const pid = await readPid(path.join(root, 'sleep.pid'));
    await waitUntil(async () => !(await isAlive(pid)));
  });

  it('times out a plain sleep 30', async () => {
    const { context } = await createTempWorkspace();
    const started = Date.now();
    const output = await runShellTool.execute({ command: 'sleep 30', timeout_ms: 300 }, context);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(output.summary).toBe('run_shell "sleep 30" → timed out');
  });

  it('stops background processes left behind when the command finishes', async () => {
    const { context, root } = await createTempWorkspace();
    const started = Date.now();
    const output = await runShellTool.execute({ command: 'sleep 30 & echo $! > bg.pid; echo started' }, context);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(output.content).toBe('Exit code 0.\n\nstarted');
    const pid = await readPid(path.join(root, 'bg.pid'));
    await waitUntil(async () => !(await isAlive(pid)));
  });

  it('rejects with the abort reason and kills everything when the signal aborts', async () => {
    const controller = new AbortController();
    const { context, root } = await createTempWorkspace(controller.signal);
    const started = Date.now();
    const running = runShellTool.execute({ command: 'sleep 30 & echo $! > sleep.pid; wait' }, context);
    const pid = await readPid(path.join(root, 'sleep.pid'));
    expect(await isAlive(pid)).toBe(true);
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await waitUntil(async () => !(await isAlive(pid)));
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { context, root } = await createTempWorkspace(controller.signal);
    await expect(runShellTool.execute({ command: 'touch ran' }, context)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(readFile(path.join(root, 'ran'))).rejects.toThrow(/ENOENT/);
  });

  it('returns an error result when the shell cannot start', async () => {
    const { context, root } = await createTempWorkspace();
    await rm(root, { recursive: true });
    const output = await runShellTool.execute({ command: 'echo hi' }, context);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/^The command could not be run/);
  });

  it("runs with the workspace's environment, so a scrubbed variable is simply not there", async () => {
    const { context } = await createTempWorkspace(undefined, { env: { PATH: process.env.PATH, KEPT: 'yes' } });
    process.env.PLANTED_TOKEN = 'planted-token-value';
    try {
      const output = await runShellTool.execute({ command: 'env' }, context);
      expect(output.content).toContain('KEPT=yes');
      expect(output.content).not.toContain('PLANTED_TOKEN');
    } finally {
      delete process.env.PLANTED_TOKEN;
    }
  });
});
