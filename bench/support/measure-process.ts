import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const probe = fileURLToPath(new URL('./process-probe.mjs', import.meta.url));
/** The probe samples the event loop every 10 ms; a delay is what comes on top of that. */
const probeResolutionMs = 10;

export interface ProcessCost {
  wallMs: number;
  exitCode: number | null;
  /** The end of what it wrote to stderr, to say why it failed. */
  stderrTail: string;
  cpuMs: number;
  peakRssMb: number;
  loopDelayP99Ms: number;
  loopUtilization: number;
}

/**
 * Runs `node <args>` as its own process with the probe loaded, output discarded, and says what it
 * cost: wall time from spawn to exit, its CPU time, peak RSS and event-loop delay (from the probe).
 * `onSpawn` gets the spawn time (performance.now()), so a caller can time what happens after it.
 */
export async function measureProcess(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; onSpawn?(at: number): void },
): Promise<ProcessCost> {
  const probeDir = mkdtempSync(join(tmpdir(), 'agentbatch-probe-'));
  const probeFile = join(probeDir, 'cost.json');
  const started = performance.now();
  options.onSpawn?.(started);
  const child = spawn(process.execPath, ['--import', probe, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env, BENCH_PROBE_FILE: probeFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('exit', resolve);
    child.on('error', reject);
  });
  const wallMs = performance.now() - started;
  const cost = JSON.parse(readFileSync(probeFile, 'utf8')) as Omit<ProcessCost, 'wallMs' | 'exitCode'>;
  rmSync(probeDir, { recursive: true, force: true });
  return {
    ...cost,
    wallMs,
    exitCode,
    stderrTail,
    loopDelayP99Ms: Math.max(0, cost.loopDelayP99Ms - probeResolutionMs),
  };
}
