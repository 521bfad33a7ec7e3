// `npm run bench -- [name…] [--quick]`: runs the benchmarks whose file names contain a name (all
// without one); `--quick` asks those that support it for a smaller size.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((arg) => arg !== '--quick');
const { status } = spawnSync('npx', ['vitest', 'bench', '--run', '--config', 'bench/vitest.config.ts', ...filters], {
  stdio: 'inherit',
  env: { ...process.env, ...(quick && { BENCH_QUICK: '1' }) },
});
process.exit(status ?? 1);
