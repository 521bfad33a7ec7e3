import { resolve } from 'node:path';
import type { ReporterFactory, RunResults } from '@agentbatch/core';
import { z } from 'zod';
import { inRunDir } from './in-run-dir.js';
import { writeReportFile } from './write-report-file.js';

export function outputFileSchema(defaultFile: string) {
  return z.strictObject({
    outputFile: z
      .string()
      .min(1)
      .optional()
      .describe(`Where to write, relative to the config file; default: ${defaultFile} in the run directory`),
  });
}

export interface FileReporterOptions {
  outputFile?: string | undefined;
}

/**
 * A reporter that renders the final results into one file when the run ends, atomically: to
 * `outputFile` resolved against the config file's folder, or by default to `defaultFile` in the
 * run directory.
 */
export function fileReporter(
  name: string,
  defaultFile: string,
  render: (results: RunResults) => string,
): ReporterFactory<FileReporterOptions> {
  const schema = outputFileSchema(defaultFile);
  return (options, context) => {
    const { outputFile } = schema.parse(options ?? {});
    let runDir: string | undefined;
    return {
      name,
      onRunStart(info) {
        runDir = info.runDir;
      },
      async onRunEnd(results) {
        const target =
          outputFile !== undefined ? resolve(context.configDir, outputFile) : inRunDir(runDir, defaultFile);
        await writeReportFile(target, render(results));
        context.onFileWritten?.(target);
      },
    };
  };
}
