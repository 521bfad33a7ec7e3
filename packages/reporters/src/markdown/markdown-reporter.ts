import { resolve } from 'node:path';
import type { ReporterFactory, RunInfo, RunResults } from '@agentbatch/core';
import { z } from 'zod';
import { inRunDir } from '../shared/in-run-dir.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { renderMarkdownReport } from './render-markdown-report.js';

export const optionsSchema = z.strictObject({
  outputFile: z
    .string()
    .min(1)
    .optional()
    .describe('Where to write, relative to the config file; default: report.md in the run directory'),
});

export type MarkdownReporterOptions = z.input<typeof optionsSchema>;

/**
 * Writes a Markdown report of the run (see `renderMarkdownReport`) when the run ends, atomically:
 * to `outputFile` resolved against the config file's folder, or by default to `report.md` in the
 * run directory.
 */
export const markdownReporter: ReporterFactory<MarkdownReporterOptions> = (options, context) => {
  const { outputFile } = optionsSchema.parse(options ?? {});
  let runDir: string | undefined;
  return {
    name: 'markdown',
    onRunStart(info: RunInfo) {
      runDir = info.runDir;
    },
    async onRunEnd(results: RunResults) {
      const target = outputFile !== undefined ? resolve(context.configDir, outputFile) : inRunDir(runDir, 'report.md');
      await writeFileAtomic(target, renderMarkdownReport(results));
    },
  };
};

export default markdownReporter;
