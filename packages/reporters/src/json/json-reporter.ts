import { resolve } from 'node:path';
import type { ReporterFactory, RunEvent, RunInfo, RunResults } from '@agentbatch/core';
import { z } from 'zod';
import { writeReportFile } from '../shared/write-report-file.js';
import { toLegacyResults } from './legacy-results.js';

export const optionsSchema = z.strictObject({
  outputFile: z
    .string()
    .min(1)
    .optional()
    .describe('Where to write, relative to the config file; legacy default: parallel_batch_results.json'),
  format: z
    .enum(['agentbatch', 'legacy'])
    .default('agentbatch')
    .describe("'agentbatch' (the results.json shape) or 'legacy' (the original parallel_batch_results.json)"),
});

export type JsonReporterOptions = z.input<typeof optionsSchema>;

/** The default `outputFile` of the legacy format, in the config file's folder as the original wrote it. */
export const LEGACY_RESULTS_FILE = 'parallel_batch_results.json';

/**
 * Writes the run's results as JSON when the run ends, atomically (a temporary file renamed over the
 * target), to `outputFile` resolved against the config file's folder.
 *
 * - `format: 'agentbatch'` (default) writes the `RunResults` object, the `results.json` shape.
 *   Without `outputFile` it writes nothing: core always writes `<runDir>/results.json` itself, so
 *   this reporter is only needed to put a copy somewhere else (e.g. a CI artifacts folder).
 * - `format: 'legacy'` writes the original system's `parallel_batch_results.json` shape (see
 *   `toLegacyResults`), by default to `parallel_batch_results.json` next to the config file.
 */
export const jsonReporter: ReporterFactory<JsonReporterOptions> = (options, context) => {
  const { outputFile, format } = optionsSchema.parse(options ?? {});
  const target = outputFile ?? (format === 'legacy' ? LEGACY_RESULTS_FILE : undefined);
  let concurrency: number | null = null;
  // The original stamped each task with the time it ended; only the legacy format needs these.
  const taskEndedAt = new Map<string, string>();
  return {
    name: 'json',
    onRunStart(info: RunInfo) {
      concurrency = info.concurrency;
    },
    onEvent(event: RunEvent) {
      if (format === 'legacy' && event.type === 'task-end') taskEndedAt.set(event.taskId, event.time);
    },
    async onRunEnd(results: RunResults) {
      if (target === undefined) return;
      const data =
        format === 'legacy'
          ? toLegacyResults(results, { concurrency, baseDir: context.configDir, taskEndedAt })
          : results;
      const path = resolve(context.configDir, target);
      await writeReportFile(path, `${JSON.stringify(data, null, 2)}\n`);
      context.onFileWritten?.(path);
    },
  };
};

export default jsonReporter;
