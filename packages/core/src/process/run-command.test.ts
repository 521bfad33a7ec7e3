import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandSandbox } from './command-sandbox.js';
import { onPath } from './on-path.js';
import { runCommand } from './run-command.js';

const hasBwrap = onPath('bwrap');
const run = (command: string, cwd: string, sandbox: Parameters<typeof runCommand>[0]['sandbox']) =>
  runCommand({ command, cwd, timeoutMs: 20_000, signal: new AbortController().signal, sandbox });

/**
 * A command that never ends by itself, the ways an agent writes them: a background process, one that
 * ignores SIGTERM, and a foreground one that waits for ever.
 */
const endless = `sleep 300 & sh -c "trap '' TERM; sleep 300" & tail -f /dev/null`;

/** Processes (not yet ended) whose working folder is `dir`: every one a command in `dir` started. */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
    } catch {
      // ended while being read, or not ours to read
    }
  }
  return found;
}

describe('runCommand', () => {
  it('runs in the folder, stdout and stderr in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-command-'));
    const result = await run('echo one; echo two >&2; pwd', dir, { type: 'none' });
    expect(result.exitCode).toBe(0);
    expect(result.output.trim().split('\n')).toEqual(['one', 'two', dir]);
  });
});

describe.skipIf(!existsSync('/proc/self/cwd'))('stopping a command', () => {
  const sandboxes: CommandSandbox[] = [
    { type: 'none' },
    ...(hasBwrap ? [{ type: 'bwrap', network: true } as const] : []),
  ];

  for (const sandbox of sandboxes) {
    it(`stops every process it started at the time limit (sandbox ${sandbox.type})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'run-command-stop-'));
      const started = Date.now();
      const result = await runCommand({
        command: `echo started; ${endless}`,
        cwd: dir,
        timeoutMs: 1_000,
        signal: new AbortController().signal,
        sandbox,
      });
      expect(result.timedOut).toBe(true);
      expect(result.output).toContain('started');
      // SIGTERM, then SIGKILL after the grace period for the process that ignores it.
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(processesIn(dir)).toEqual([]);
    });

    it(`stops every process it started when aborted, and only then rejects (sandbox ${sandbox.type})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'run-command-stop-'));
      const controller = new AbortController();
      const running = runCommand({ command: endless, cwd: dir, timeoutMs: 60_000, signal: controller.signal, sandbox });
      while (processesIn(dir).length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort(new Error('interrupted'));
      await expect(running).rejects.toThrow('interrupted');
      expect(processesIn(dir)).toEqual([]);
    });

    it(`stops background processes left when the command ends (sandbox ${sandbox.type})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'run-command-stop-'));
      const result = await run(`sleep 300 & sh -c "trap '' TERM; sleep 300" & echo done`, dir, sandbox);
      expect(result.exitCode).toBe(0);
      expect(result.output.trim()).toBe('done');
      expect(processesIn(dir)).toEqual([]);
    });
  }
});

// CI installs bubblewrap (.ci/run); a machine without it cannot run these.
describe.skipIf(!hasBwrap)('runCommand in the bwrap sandbox', () => {
  it('says why a command could not start, with neither an exit code nor a signal', async () => {
    const result = await run('echo hi', join(tmpdir(), 'agentbatch-no-such-folder'), undefined);
    expect(result).toMatchObject({ exitCode: undefined, killedBy: undefined, timedOut: false, output: '' });
    expect(result.startError).toMatch(/ENOENT/);
  });

  it('writes inside the task folder, and nowhere else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    // Not under /tmp: the sandbox gives commands a private /tmp of their own.
    const outside = mkdtempSync(join('/var/tmp', 'outside-'));
    const result = await run(`echo inside > made.txt && echo escaped > ${outside}/x.txt`, dir, {
      type: 'bwrap',
      network: true,
    });
    expect(readFileSync(join(dir, 'made.txt'), 'utf8')).toBe('inside\n');
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/Read-only file system/);
    expect(existsSync(join(outside, 'x.txt'))).toBe(false);
  });

  it('cuts the network with network: false', async () => {
    const server = createServer((_request, response) => response.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const fetchScript = `node -e "fetch('http://127.0.0.1:${port}').then(r => r.text()).then(t => console.log(t), () => { console.log('unreachable'); process.exit(3); })"`;
    try {
      expect((await run(fetchScript, dir, { type: 'bwrap', network: true })).output).toContain('reached');
      const cut = await run(fetchScript, dir, { type: 'bwrap', network: false });
      expect(cut.exitCode).toBe(3);
      expect(cut.output).toContain('unreachable');
    } finally {
      server.close();
    }
  });
});
