import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The processes still running (ended ones not yet reaped are left out) whose working folder is
 * `dir`, as "pid command line": every process a command run in `dir` started, however it detached.
 */
export function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`);
    } catch {
      // ended while being read, or not ours to read
    }
  }
  return found;
}

/** Waits until at least `count` processes run in `dir`. */
export async function waitForProcessesIn(dir: string, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processesIn(dir).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} processes in ${dir}: ${processesIn(dir)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Kills what a failed test left behind, so that it does not outlive the test run. */
export function killProcessesIn(dir: string): void {
  for (const line of processesIn(dir)) {
    try {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
