// Copies the demo into .agentbatch/demo (fresh each time, so the shipped projects stay as they
// are) and runs agentbatch on it: the README's first command.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(demoDir, '../..');
const target = resolve(process.env.AGENTBATCH_DEMO_DIR ?? join(repoRoot, '.agentbatch/demo'));
rmSync(target, { recursive: true, force: true });
cpSync(demoDir, target, {
  recursive: true,
  filter: (source) => !source.endsWith('run-demo.mjs') && !source.includes('/runs/'),
});
console.log(`Demo copied to ${target}\n`);
const cli = join(repoRoot, 'packages/cli/bin/agentbatch.js');
const run = spawnSync(process.execPath, [cli, 'run', join(target, 'agentbatch.yaml'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
