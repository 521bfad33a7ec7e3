import type { LoadedConfig } from '../config/load-config.js';
import type { AgentbatchConfig } from '../config/schema.js';
import { loadPlugin, type PluginDefinition } from '../loader/load-plugin.js';
import { normalizeEntries } from '../loader/plugin-entries.js';
import { builtinStages } from '../pipeline/stages/builtin-stages.js';
import type { Stage, StageFactory } from '../plugin/stage.js';

/** The stages of `pipeline:`, each plugin loaded and its options checked. */
export function createStages(loaded: LoadedConfig, config: AgentbatchConfig): Promise<Stage[]> {
  return Promise.all(
    normalizeEntries(config.pipeline, ['pipeline']).map(async (entry) => {
      const { factory, options } = await loadPlugin<StageFactory<unknown>>({
        kind: 'stage',
        name: entry.name,
        options: entry.options,
        builtins: builtinStages as Record<string, PluginDefinition<StageFactory<unknown>>>,
        configDir: loaded.dir,
        yamlPath: entry.yamlPath,
        locate: loaded.locate,
      });
      return factory(options, { configDir: loaded.dir });
    }),
  );
}
