import type { ReporterFactory } from '@agentbatch/core';
import type { ZodType, z } from 'zod';
import { optionsSchema as consoleOptionsSchema, consoleReporter } from './console/console-reporter.js';
import { optionsSchema as htmlOptionsSchema, htmlReporter } from './html/html-reporter.js';
import { optionsSchema as jsonOptionsSchema, jsonReporter } from './json/json-reporter.js';
import { optionsSchema as junitOptionsSchema, junitReporter } from './junit/junit-reporter.js';
import { optionsSchema as markdownOptionsSchema, markdownReporter } from './markdown/markdown-reporter.js';

export interface BuiltinReporter {
  /**
   * Takes the raw options from the config (`undefined` and `null` mean none) and validates them
   * with `optionsSchema`, so it can be called with unchecked input; already-parsed options pass
   * unchanged.
   */
  factory: ReporterFactory<unknown>;
  optionsSchema: ZodType;
}

function builtin<Schema extends ZodType>(
  optionsSchema: Schema,
  factory: ReporterFactory<z.output<Schema>>,
): BuiltinReporter {
  return { optionsSchema, factory: (options, context) => factory(optionsSchema.parse(options ?? {}), context) };
}

/** The reporters usable by name in a config's `reporters:` list. */
export const builtinReporters: Readonly<Record<string, BuiltinReporter>> = {
  console: builtin(consoleOptionsSchema, consoleReporter),
  json: builtin(jsonOptionsSchema, jsonReporter),
  markdown: builtin(markdownOptionsSchema, markdownReporter),
  junit: builtin(junitOptionsSchema, junitReporter),
  html: builtin(htmlOptionsSchema, htmlReporter),
};
