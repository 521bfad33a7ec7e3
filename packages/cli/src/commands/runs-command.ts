import { resolve } from 'node:path';
import type { Command } from 'commander';

export function registerRunsCommand(program: Command): void {
  program
    .command('runs')
    .description('list past runs')
    .argument('[config]', 'agentbatch.yaml or task.json whose runs to list (default: the one in this folder)')
    .option('--out-dir <dir>', "where run folders are (default: the config's run.outDir, else .agentbatch/runs)")
    .action(async (file: string | undefined, flags: { outDir?: string }) => {
      const [{ listRuns }, { configuredOutDir }] = await Promise.all([
        import('@agentbatch/core'),
        import('../configured-out-dir.js'),
      ]);
      const outDir = flags.outDir ? resolve(flags.outDir) : configuredOutDir(file);
      const runs = listRuns(outDir);
      if (runs.length === 0) {
        process.stdout.write(`no runs in ${outDir}\n`);
        return;
      }
      const rows = runs.map(({ results }) => [
        results.runId,
        results.startedAt.replace('T', ' ').slice(0, 19),
        results.status,
        `${results.summary.completed}/${results.summary.total}`,
        results.summary.usage.totalTokens.toLocaleString('en-US'),
        `$${results.summary.costUsd.toFixed(4)}`,
      ]);
      const header = ['run', 'started', 'status', 'completed', 'tokens', 'cost'];
      const widths = header.map((title, column) =>
        Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
      );
      for (const row of [header, ...rows]) {
        process.stdout.write(
          `${row
            .map((cell, column) => cell.padEnd(widths[column] ?? 0))
            .join('  ')
            .trimEnd()}\n`,
        );
      }
    });
}
