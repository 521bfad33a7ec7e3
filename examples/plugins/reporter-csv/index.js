/**
 * agentbatch-reporter-csv: writes `results.csv` when a run ends, one row per task (id, variant,
 * status, iterations, tokens, cost, seconds, folder, verdict), for a spreadsheet or `csvkit`.
 *
 *   reporters: [console, { agentbatch-reporter-csv: { outputFile: reports/latest.csv } }]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { defineReporter } from '@agentbatch/core';
import { z } from 'zod';

export const optionsSchema = z.strictObject({
  outputFile: z.string().min(1).optional().describe('Relative to the config; default results.csv in the run folder'),
});

const columns = [
  'id',
  'variant',
  'status',
  'iterations',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost_usd',
  'seconds',
  'dir',
  'verdict',
];

export default defineReporter((options, context) => {
  let runDir;
  return {
    onRunStart(info) {
      runDir = info.runDir;
    },
    // `results` is what results.json holds, secrets already masked; a throw here fails the run, naming this reporter.
    async onRunEnd(results) {
      const file = options.outputFile ? resolve(context.configDir, options.outputFile) : join(runDir, 'results.csv');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, renderCsv(results), 'utf8');
      context.onFileWritten?.(file);
    },
  };
});

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
export function renderCsv(results) {
  const rows = [...results.tasks]
    .sort((a, b) => a.index - b.index)
    .map((task) => [
      task.id,
      task.variant ?? '',
      task.status,
      task.iterations,
      task.usage.inputTokens,
      task.usage.outputTokens,
      task.usage.totalTokens,
      task.costUsd,
      (task.durationMs / 1000).toFixed(2),
      task.dir,
      task.verdict?.summary ?? task.error?.message ?? '',
    ]);
  return `${[columns, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

function field(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
