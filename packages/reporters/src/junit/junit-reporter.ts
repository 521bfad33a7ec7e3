import { resolve } from 'node:path';
import type { ReporterFactory, RunInfo, RunResults } from '@agentbatch/core';
import { z } from 'zod';
import { inRunDir } from '../shared/in-run-dir.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { renderJUnitReport } from './render-junit-report.js';

export const optionsSchema = z.strictObject({
  outputFile: z
    .string()
    .min(1)
    .optional()
    .describe('Where to write, relative to the config file; default: junit.xml in the run directory'),
});

export type JUnitReporterOptions = z.input<typeof optionsSchema>;

/**
 * Writes the run as JUnit XML (see `renderJUnitReport`) when the run ends, atomically: to
 * `outputFile` resolved against the config file's folder, or by default to `junit.xml` in the run
 * directory. Point a CI's test-report step at it to see each task as a test case.
 */
export const junitReporter: ReporterFactory<JUnitReporterOptions> = (options, context) => {
  const { outputFile } = optionsSchema.parse(options ?? {});
  let runDir: string | undefined;
  return {
    name: 'junit',
    onRunStart(info: RunInfo) {
      runDir = info.runDir;
    },
    async onRunEnd(results: RunResults) {
      const target = outputFile !== undefined ? resolve(context.configDir, outputFile) : inRunDir(runDir, 'junit.xml');
      await writeFileAtomic(target, renderJUnitReport(results));
    },
  };
};

export default junitReporter;
