import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';

/**
 * Compares two finished runs, e.g. before and after changing a prompt or a model: per-task status
 * changes, iterations, tokens and cost, as Markdown (see `renderRunComparison`).
 */
export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('compare two runs as Markdown: status changes per task, iterations, tokens, cost')
    .argument('<runA>', 'the baseline run folder, e.g. .agentbatch/runs/<runId>')
    .argument('<runB>', 'the run folder to compare with it')
    .option('-o, --output <file>', 'write the Markdown to this file instead of stdout')
    .action(async (runA: string, runB: string, flags: { output?: string }) => {
      const [{ readRunResults }, { renderRunComparison }] = await Promise.all([
        import('@agentbatch/core'),
        import('@agentbatch/reporters'),
      ]);
      const markdown = renderRunComparison(readRunResults(runA), readRunResults(runB));
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
