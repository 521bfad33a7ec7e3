import type { BuiltinPlugin, ReporterFactory } from '@agentbatch/core';
import { builtin } from './builtin-reporter.js';

/**
 * The built-in reporters, each loaded the first time a run uses it: what `builtinReporters` holds,
 * without loading every reporter (and its libraries) at start-up.
 */
export const loadableReporters: Readonly<Record<string, BuiltinPlugin<ReporterFactory>>> = {
  async console() {
    const { optionsSchema, consoleReporter } = await import('./console/console-reporter.js');
    return builtin(optionsSchema, consoleReporter);
  },
  async json() {
    const { optionsSchema, jsonReporter } = await import('./json/json-reporter.js');
    return builtin(optionsSchema, jsonReporter);
  },
  async markdown() {
    const { optionsSchema, markdownReporter } = await import('./markdown/markdown-reporter.js');
    return builtin(optionsSchema, markdownReporter);
  },
  async junit() {
    const { optionsSchema, junitReporter } = await import('./junit/junit-reporter.js');
    return builtin(optionsSchema, junitReporter);
  },
  async html() {
    const { optionsSchema, htmlReporter } = await import('./html/html-reporter.js');
    return builtin(optionsSchema, htmlReporter);
  },
};
