import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPath } from './on-path.js';
import { runCommand } from './run-command.js';

const hasBwrap = onPath('bwrap');
const run = (command: string, cwd: string, sandbox: Parameters<typeof runCommand>[0]['sandbox']) =>
  runCommand({ command, cwd, timeoutMs: 20_000, signal: new AbortController().signal, sandbox });

describe('runCommand', () => {
  it('runs in the folder, stdout and stderr in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-command-'));
    const result = await run('echo one; echo two >&2; pwd', dir, { type: 'none' });
    expect(result.exitCode).toBe(0);
    expect(result.output.trim().split('\n')).toEqual(['one', 'two', dir]);
  });
});

// CI installs bubblewrap (.ci/run); a machine without it cannot run these.
describe.skipIf(!hasBwrap)('runCommand in the bwrap sandbox', () => {
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
