import type { PluginEntry } from '../config/schema.js';

export interface NormalizedEntry {
  name: string;
  options: Record<string, unknown>;
  /** Path of the entry in the config, e.g. `['reporters', 1]`. */
  yamlPath: PropertyKey[];
}

type EntryList = ReadonlyArray<PluginEntry | EntryList>;

/** Flattens `name`, `[name, options]`, `{ name: options }` and nested lists; drops `false` and `null`. */
export function normalizeEntries(entries: EntryList, yamlPath: PropertyKey[]): NormalizedEntry[] {
  return entries.flatMap((entry, index): NormalizedEntry[] => {
    const path = [...yamlPath, index];
    if (entry === false || entry === null) return [];
    if (typeof entry === 'string') return [{ name: entry, options: {}, yamlPath: path }];
    if (Array.isArray(entry)) {
      const [name, options] = entry;
      if (typeof name === 'string' && (options === undefined || isRecord(options))) {
        return [{ name, options: options ?? {}, yamlPath: [...path, 1] }];
      }
      return normalizeEntries(entry as EntryList, path);
    }
    const [name, options] = Object.entries(entry)[0] as [string, Record<string, unknown> | null];
    return [{ name, options: options ?? {}, yamlPath: [...path, name] }];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
