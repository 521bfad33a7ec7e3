import type { z } from 'zod';
import type { ConfigErrorLocation } from '../config/config-error.js';
import { formatYamlPath } from '../config/yaml-locator.js';
import { describeFirstIssue } from '../config/zod-issue.js';
import { pluginError } from './plugin-error.js';
import { resolvePluginModule } from './resolve-module.js';

/** What a plugin module provides: a factory (its default export) and optionally a schema for its options. */
export interface PluginDefinition<Factory> {
  factory: Factory;
  optionsSchema?: z.ZodType;
}

/**
 * A built-in plugin: its definition, or a function that loads it the first time a config names it,
 * so that a run never loads the SDK or the schemas of plugins it does not use.
 */
export type BuiltinPlugin<Factory> = PluginDefinition<Factory> | (() => Promise<PluginDefinition<Factory>>);

export interface LoadPluginOptions<Factory> {
  kind: 'provider' | 'reporter' | 'stage';
  /** Built-in name, npm package or path relative to the config. */
  name: string;
  options: Record<string, unknown>;
  builtins: Record<string, BuiltinPlugin<Factory>>;
  configDir: string;
  /** Where the plugin's entry is in the config, for errors. */
  yamlPath: readonly PropertyKey[];
  locate(path: readonly PropertyKey[]): ConfigErrorLocation;
}

/**
 * Resolves a plugin the way every plugin kind is resolved — built-in name, then npm package,
 * then a path relative to the config — and validates its options with its schema, so errors
 * name the module and the YAML path of the offending option.
 */
export async function loadPlugin<Factory>(
  request: LoadPluginOptions<Factory>,
): Promise<{ factory: Factory; options: unknown }> {
  const location = request.locate(request.yamlPath);
  const builtin = request.builtins[request.name];
  const definition = builtin
    ? typeof builtin === 'function'
      ? await builtin()
      : builtin
    : await importDefinition(request, location);
  if (!definition.optionsSchema) return { factory: definition.factory, options: request.options };
  const parsed = definition.optionsSchema.safeParse(request.options);
  if (parsed.success) return { factory: definition.factory, options: parsed.data };
  const issue = describeFirstIssue(parsed.error, definition.optionsSchema, request.options);
  const issuePath = issue?.path ?? [];
  const optionName = formatYamlPath(issuePath);
  const problem = optionName
    ? `invalid option "${optionName}": ${issue?.message}`
    : `invalid options: ${issue?.message}`;
  throw pluginError(request.kind, request.name, problem, request.locate([...request.yamlPath, ...(issue?.at ?? [])]));
}

async function importDefinition<Factory>(
  request: LoadPluginOptions<Factory>,
  location: ConfigErrorLocation,
): Promise<PluginDefinition<Factory>> {
  const url = resolvePluginModule(request.name, request.configDir);
  if (!url) {
    const builtins = Object.keys(request.builtins).join(', ');
    throw pluginError(
      request.kind,
      request.name,
      `not a built-in ${request.kind} (${builtins}), not an npm package installed near ${request.configDir}, and not a file there; install it or fix the name`,
      location,
    );
  }
  let module: { default?: unknown; optionsSchema?: z.ZodType };
  try {
    module = (await import(url)) as typeof module;
  } catch (error) {
    throw pluginError(
      request.kind,
      request.name,
      `failed to load ${url}: ${(error as Error).message}`,
      location,
      error,
    );
  }
  if (typeof module.default !== 'function') {
    throw pluginError(
      request.kind,
      request.name,
      `its default export must be a factory function (see define${capitalize(request.kind)} in @agentbatch/core)`,
      location,
    );
  }
  return { factory: module.default as Factory, ...(module.optionsSchema && { optionsSchema: module.optionsSchema }) };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
