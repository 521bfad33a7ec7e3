import { type BuiltinReporter, builtin } from './builtin-reporter.js';
import { optionsSchema as consoleOptionsSchema, consoleReporter } from './console/console-reporter.js';
import { optionsSchema as htmlOptionsSchema, htmlReporter } from './html/html-reporter.js';
import { optionsSchema as jsonOptionsSchema, jsonReporter } from './json/json-reporter.js';
import { optionsSchema as junitOptionsSchema, junitReporter } from './junit/junit-reporter.js';
import { optionsSchema as markdownOptionsSchema, markdownReporter } from './markdown/markdown-reporter.js';

export type { BuiltinReporter };

/** The reporters usable by name in a config's `reporters:` list. */
export const builtinReporters: Readonly<Record<string, BuiltinReporter>> = {
  console: builtin(consoleOptionsSchema, consoleReporter),
  json: builtin(jsonOptionsSchema, jsonReporter),
  markdown: builtin(markdownOptionsSchema, markdownReporter),
  junit: builtin(junitOptionsSchema, junitReporter),
  html: builtin(htmlOptionsSchema, htmlReporter),
};
