import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { formatYamlPath, LineCounter, YamlLocator } from './yaml-locator.js';

const text = `providers:
  qwen:
    type: openai
    model: qwen
agents:
  coder: { provider: qwen }
reporters:
  - console
  - [json, { file: out.json }]
`;

function locator(source: string): YamlLocator {
  const lineCounter = new LineCounter();
  return new YamlLocator(parseDocument(source, { lineCounter }), lineCounter);
}

describe('YamlLocator', () => {
  it('finds the line and column of a value by its path', () => {
    const yaml = locator(text);
    expect(yaml.locate(['providers', 'qwen', 'model'])).toEqual({ line: 4, column: 12 });
    expect(yaml.locate(['agents', 'coder', 'provider'])).toEqual({ line: 6, column: 22 });
    expect(yaml.locate(['reporters', 1, 1, 'file'])).toEqual({ line: 9, column: 20 });
  });

  it('falls back to the deepest node that exists along the path', () => {
    const yaml = locator(text);
    expect(yaml.locate(['providers', 'qwen', 'pricing', 'input'])).toEqual({ line: 3, column: 5 });
    expect(yaml.locate(['nothing', 'here'])?.line).toBe(1);
  });

  it('returns undefined for an empty document', () => {
    expect(locator('').locate(['a'])).toBeUndefined();
  });
});

describe('formatYamlPath', () => {
  it('joins keys with dots and writes indexes in brackets', () => {
    expect(formatYamlPath(['agents', 'coder', 'provider'])).toBe('agents.coder.provider');
    expect(formatYamlPath(['reporters', 1, 1, 'file'])).toBe('reporters[1][1].file');
    expect(formatYamlPath([0, 'dir'])).toBe('[0].dir');
    expect(formatYamlPath([])).toBe('');
  });
});
