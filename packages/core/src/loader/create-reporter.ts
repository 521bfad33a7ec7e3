import type { ConfigErrorLocation } from '../config/config-error.js';
import type { NamedReporter } from '../pipeline/reporter-hub.js';
import type { ReporterContext, ReporterFactory } from '../plugin/reporter.js';
import { type BuiltinPlugin, loadPlugin } from './load-plugin.js';
import type { NormalizedEntry } from './plugin-entries.js';

export interface CreateReporterOptions {
  builtins: Record<string, BuiltinPlugin<ReporterFactory>>;
  context: ReporterContext;
  locate(path: readonly PropertyKey[]): ConfigErrorLocation;
}

/** Loads a reporter entry (built-in, package or path), checks its options, and creates it. */
export async function createReporter(entry: NormalizedEntry, options: CreateReporterOptions): Promise<NamedReporter> {
  const { factory, options: reporterOptions } = await loadPlugin<ReporterFactory<unknown>>({
    kind: 'reporter',
    name: entry.name,
    options: entry.options,
    builtins: options.builtins as Record<string, BuiltinPlugin<ReporterFactory<unknown>>>,
    configDir: options.context.configDir,
    yamlPath: entry.yamlPath,
    locate: options.locate,
  });
  const reporter = factory(reporterOptions, options.context);
  return { name: reporter.name ?? entry.name, reporter };
}
