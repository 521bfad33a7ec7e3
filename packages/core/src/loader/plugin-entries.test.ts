import { describe, expect, it } from 'vitest';
import { normalizeEntries } from './plugin-entries.js';

describe('normalizeEntries', () => {
  it('reads a bare name', () => {
    expect(normalizeEntries(['console', 'json'], ['reporters'])).toEqual([
      { name: 'console', options: {}, yamlPath: ['reporters', 0] },
      { name: 'json', options: {}, yamlPath: ['reporters', 1] },
    ]);
  });

  it('reads [name, options], pointing at the options', () => {
    expect(normalizeEntries([['json', { file: 'out.json' }]], ['reporters'])).toEqual([
      { name: 'json', options: { file: 'out.json' }, yamlPath: ['reporters', 0, 1] },
    ]);
  });

  it('reads { name: options } and { name: null }, pointing at the options', () => {
    expect(normalizeEntries([{ verify: { command: 'npm test' } }, { lint: null }], ['pipeline'])).toEqual([
      { name: 'verify', options: { command: 'npm test' }, yamlPath: ['pipeline', 0, 'verify'] },
      { name: 'lint', options: {}, yamlPath: ['pipeline', 1, 'lint'] },
    ]);
  });

  it('drops false and null entries, keeping the positions of the others', () => {
    expect(normalizeEntries(['code', false, null, 'evaluate'], ['pipeline'])).toEqual([
      { name: 'code', options: {}, yamlPath: ['pipeline', 0] },
      { name: 'evaluate', options: {}, yamlPath: ['pipeline', 3] },
    ]);
  });

  it('flattens nested lists, with the path of each entry', () => {
    expect(
      normalizeEntries(
        [
          ['code', 'evaluate'],
          [['json', { file: 'a.json' }], false, [{ verify: { command: 'x' } }]],
        ],
        ['p'],
      ),
    ).toEqual([
      { name: 'code', options: {}, yamlPath: ['p', 0, 0] },
      { name: 'evaluate', options: {}, yamlPath: ['p', 0, 1] },
      { name: 'json', options: { file: 'a.json' }, yamlPath: ['p', 1, 0, 1] },
      { name: 'verify', options: { command: 'x' }, yamlPath: ['p', 1, 2, 0, 'verify'] },
    ]);
  });

  it('returns nothing for an empty list', () => {
    expect(normalizeEntries([], ['reporters'])).toEqual([]);
  });
});
