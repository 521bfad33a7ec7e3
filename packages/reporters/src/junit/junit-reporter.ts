import type { ReporterFactory } from '@agentbatch/core';
import type { z } from 'zod';
import { type FileReporterOptions, fileReporter, outputFileSchema } from '../shared/file-reporter.js';
import { renderJUnitReport } from './render-junit-report.js';

export const optionsSchema = outputFileSchema('junit.xml');

export type JUnitReporterOptions = z.input<typeof optionsSchema>;

/**
 * Writes the run as JUnit XML (see `renderJUnitReport`) when it ends: by default `junit.xml` in
 * the run directory. Point a CI's test-report step at it to see each task as a test case.
 */
export const junitReporter: ReporterFactory<FileReporterOptions> = fileReporter(
  'junit',
  'junit.xml',
  renderJUnitReport,
);

export default junitReporter;
