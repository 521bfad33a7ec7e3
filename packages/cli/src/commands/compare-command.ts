import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';

/**
 * Compares two finished runs, e.g. before and after changing a prompt or a model: per-task status
 * changes, iterations, tokens and cost, as Markdown (see `renderRunComparison`). Given one run of a
 * `matrix:`, compares its variants side by side (see `renderVariantComparison`).
 */
export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description(
      "compare two runs as Markdown (status changes per task, iterations, tokens, cost), or one matrix run's variants",
    )
    .argument('<runA>', 'the baseline run folder, e.g. .agentbatch/runs/<runId>; alone, a matrix run')
    .argument('[runB]', 'the run folder to compare with it')
    .option('-o, --output <file>', 'write the Markdown to this file instead of stdout')
    .action(async (runA: string, runB: string | undefined, flags: { output?: string }) => {
      const [{ readRunResults, ConfigError }, { renderRunComparison, renderVariantComparison }] = await Promise.all([
        import('@agentbatch/core'),
        import('@agentbatch/reporters'),
      ]);
      const a = readRunResults(runA);
      let markdown: string;
      if (runB !== undefined) markdown = renderRunComparison(a, readRunResults(runB));
      else {
        const variants = renderVariantComparison(a, 1);
        if (!variants) {
          throw new ConfigError(
            `${runA} is not a matrix run: give a second run folder to compare it with, or a run of a config with matrix:`,
          );
        }
        markdown = `${variants}\n`;
      }
      if (flags.output === undefined) {
        process.stdout.write(markdown);
        return;
      }
      const file = resolve(flags.output);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, markdown, 'utf8');
      process.stdout.write(`Wrote the comparison to ${file}\n`);
    });
}
