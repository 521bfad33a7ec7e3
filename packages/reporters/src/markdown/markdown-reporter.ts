import type { ReporterFactory } from '@agentbatch/core';
import type { z } from 'zod';
import { type FileReporterOptions, fileReporter, outputFileSchema } from '../shared/file-reporter.js';
import { renderMarkdownReport } from './render-markdown-report.js';

export const optionsSchema = outputFileSchema('report.md');

export type MarkdownReporterOptions = z.input<typeof optionsSchema>;

/** Writes a Markdown report of the run (see `renderMarkdownReport`) when it ends: by default `report.md` in the run directory. */
export const markdownReporter: ReporterFactory<FileReporterOptions> = fileReporter(
  'markdown',
  'report.md',
  renderMarkdownReport,
);

export default markdownReporter;
