import { describe, expect, it } from 'vitest';
import { builtinProviders } from './builtin-providers.js';
import { loadableProviders } from './loadable-providers.js';

describe('loadableProviders', () => {
  it('loads each built-in provider by the same name, with the same factory and schema', async () => {
    expect(Object.keys(loadableProviders).sort()).toEqual(Object.keys(builtinProviders).sort());
    for (const [name, load] of Object.entries(loadableProviders)) {
      const definition = typeof load === 'function' ? await load() : load;
      expect(definition.factory).toBe(builtinProviders[name]?.factory);
      expect(definition.optionsSchema).toBe(builtinProviders[name]?.optionsSchema);
    }
  });
});
