import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repoRoot, 'packages/cli/bin/agentbatch.js');

/** Runs the built CLI as a user would, in its own process. */
export function runCli(args: string[], options: Options = {}) {
  return execa('node', [bin, ...args], {
    reject: false,
    all: true,
    stdin: 'ignore',
    ...options,
    env: { NO_COLOR: '1', ...options.env },
  });
}

/** A fresh copy of a fixture folder in a temporary directory. */
export function copyFixture(name: string): string {
  const target = join(mkdtempSync(join(tmpdir(), `agentbatch-e2e-${name}-`)), name);
  cpSync(join(repoRoot, 'e2e/fixtures', name), target, { recursive: true });
  return target;
}
