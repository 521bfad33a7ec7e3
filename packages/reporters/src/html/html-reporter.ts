import { dirname, resolve } from 'node:path';
import type { ReporterFactory } from '@agentbatch/core';
import { renderHtmlReport } from '@agentbatch/view';
import type { z } from 'zod';
import { type FileReporterOptions, outputFileSchema } from '../shared/file-reporter.js';
import { inRunDir } from '../shared/in-run-dir.js';
import { writeReportFile } from '../shared/write-report-file.js';

export const optionsSchema = outputFileSchema('report.html');

export type HtmlReporterOptions = z.input<typeof optionsSchema>;

/**
 * Writes `report.html` when the run ends: the `agentbatch view` pages in one file, with the run,
 * its transcripts and diffs inlined, that opens from disk with no server and no network.
 */
export const htmlReporter: ReporterFactory<FileReporterOptions> = (options, context) => {
  const { outputFile } = optionsSchema.parse(options ?? {});
  let runDir: string | undefined;
  return {
    name: 'html',
    onRunStart(info) {
      runDir = info.runDir;
    },
    async onRunEnd(results) {
      const inRun = inRunDir(runDir, 'report.html');
      const target = outputFile !== undefined ? resolve(context.configDir, outputFile) : inRun;
      await writeReportFile(target, renderHtmlReport(dirname(inRun), { results }));
    },
  };
};

export default htmlReporter;
