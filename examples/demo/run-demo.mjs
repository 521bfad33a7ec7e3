// Copies the demo into .agentbatch/demo and runs agentbatch on it: the README's first command.
// Every time, the projects are copied fresh from examples/demo (so the shipped ones stay as they
// are), while the runs of earlier times are kept in its runs/ folder, to try `agentbatch runs`,
// `compare` and `--resume` on.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const cli = fileURLToPath(new URL('../../packages/cli/bin/agentbatch.js', import.meta.url));
const target = resolve(process.env.AGENTBATCH_DEMO_DIR ?? join(demoDir, '../../.agentbatch/demo'));
const runsFolder = 'runs';

if (existsSync(target)) {
  for (const name of readdirSync(target)) {
    if (name !== runsFolder) rmSync(join(target, name), { recursive: true, force: true });
  }
}
cpSync(demoDir, target, {
  recursive: true,
  filter: (source) => {
    const path = relative(demoDir, source);
    return path !== 'run-demo.mjs' && path !== runsFolder && !path.startsWith(`${runsFolder}/`);
  },
});
const earlier = existsSync(join(target, runsFolder)) ? readdirSync(join(target, runsFolder)).length : 0;
console.log(
  `Demo copied to ${target}${earlier > 0 ? ` (fresh projects; its ${earlier} earlier run(s) are kept in ${runsFolder}/)` : ''}\n`,
);
const run = spawnSync(process.execPath, [cli, 'run', join(target, 'agentbatch.yaml'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
console.log(
  `\nTry next, in ${target}:\n` +
    '  agentbatch runs                      the runs of this demo\n' +
    '  agentbatch run                       run it again (the recording plays on the changed projects)\n' +
    '  agentbatch compare runs/A runs/B     what changed between two runs\n' +
    '  agentbatch report runs/A             render report.md again\n' +
    `(from a clone, \`npx agentbatch\` instead of \`agentbatch\`)`,
);
process.exit(run.status ?? 1);
