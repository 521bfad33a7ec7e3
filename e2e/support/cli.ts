import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repoRoot, 'packages/cli/bin/agentbatch.js');

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeout?: number;
}

/** Runs the built CLI as a user would, in its own process, without a terminal. */
export function runCli(args: string[], options: CliOptions = {}) {
  return execa('node', [bin, ...args], {
    reject: false,
    all: true,
    stdin: 'ignore',
    cwd: options.cwd ?? repoRoot,
    env: { NO_COLOR: '1', ...options.env },
    ...(options.timeout !== undefined && { timeout: options.timeout }),
  });
}

/** A fresh copy of a fixture folder in a temporary directory. */
export function copyFixture(name: string): string {
  const target = join(mkdtempSync(join(tmpdir(), `agentbatch-e2e-${name}-`)), name);
  cpSync(join(repoRoot, 'e2e/fixtures', name), target, { recursive: true });
  return target;
}

/** A task's id as `run --dry-run` lists them: an id line, then the prompt's first line. */
export async function taskIdByMarker(dir: string, marker: string): Promise<string> {
  const listing = await runCli(['run', 'agentbatch.yaml', '--dry-run'], {
    cwd: dir,
    env: { MODEL_URL: 'http://127.0.0.1:9' },
  });
  const lines = String(listing.stdout).split('\n');
  const id = lines[lines.findIndex((line) => line.includes(marker)) - 1]?.trim().split(/\s+/)[0];
  if (!id || !/^t-[0-9a-f]{10}$/.test(id)) throw new Error(`no task id for ${marker} in:\n${listing.all}`);
  return id;
}
