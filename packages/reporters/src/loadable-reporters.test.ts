import { describe, expect, it } from 'vitest';
import { builtinReporters } from './builtin-reporters.js';
import { loadableReporters } from './loadable-reporters.js';
import { reporterContext } from './test-support/fixtures.js';

describe('loadableReporters', () => {
  it('loads each built-in reporter by the same name, with options validated as before', async () => {
    expect(Object.keys(loadableReporters).sort()).toEqual(Object.keys(builtinReporters).sort());
    for (const load of Object.values(loadableReporters)) {
      const definition = typeof load === 'function' ? await load() : load;
      expect(typeof definition.factory).toBe('function');
      expect(definition.optionsSchema).toBeDefined();
    }
    const json = loadableReporters.json;
    const definition = typeof json === 'function' ? await json() : json;
    expect(() => definition?.factory({ format: 'yaml' }, reporterContext('/work'))).toThrow();
  });
});
