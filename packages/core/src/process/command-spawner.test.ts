import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CommandSpawner } from './command-spawner.js';

// The spawner runs as compiled JavaScript: these run once the package is built (npm test builds first).
const entry = fileURLToPath(new URL('../../dist/command-spawner-main.js', import.meta.url));

describe.skipIf(!existsSync(entry))('CommandSpawner', () => {
  const spawner = new CommandSpawner(entry);
  const cwd = mkdtempSync(join(tmpdir(), 'spawner-'));

  it('runs commands side by side in its own process, each with its output and exit code', async () => {
    const signal = new AbortController().signal;
    const results = await Promise.all(
      [0, 1, 2].map((index) =>
        spawner.run({ command: `echo $$; echo out-${index}; exit ${index}`, cwd, timeoutMs: 20_000, signal }),
      ),
    );
    expect(results.map((result) => result.exitCode)).toEqual([0, 1, 2]);
    expect(results.map((result) => result.output.split('\n')[1])).toEqual(['out-0', 'out-1', 'out-2']);
    expect(results.map((result) => Number(result.output.split('\n')[0]))).not.toContain(process.pid);
  });

  it('stops a command and what it started when aborted, rejecting with the reason', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const run = spawner.run({ command: 'sleep 30 & sleep 30; wait', cwd, timeoutMs: 60_000, signal: abort.signal });
    setTimeout(() => abort.abort(new Error('user pressed Ctrl-C')), 200);
    await expect(run).rejects.toThrow('user pressed Ctrl-C');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('times a command out as before', async () => {
    const result = await spawner.run({
      command: 'sleep 30',
      cwd,
      timeoutMs: 300,
      signal: new AbortController().signal,
    });
    expect(result.timedOut).toBe(true);
  });
});
