import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import { findAndLoadConfig } from './find-config.js';

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'find-config-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const yaml =
  'providers:\n  p: { type: openai, model: m }\nagents:\n  coder: { provider: p }\n  evaluator: { provider: p }\ntasks: []\n';

describe('findAndLoadConfig', () => {
  it('prefers agentbatch.yaml in the current folder', () => {
    process.chdir(folder({ 'agentbatch.yaml': yaml, 'task.json': '{"tasks":[]}' }));
    expect(findAndLoadConfig(undefined).path.endsWith('agentbatch.yaml')).toBe(true);
  });

  it("takes a task.json in the original system's mode, naming the missing variables", () => {
    const dir = folder({ 'task.json': '{"tasks":[]}' });
    const saved = { ...process.env };
    for (const name of ['CODER_ENDPOINT', 'CODER_API_KEY', 'EVALUATION_API_KEY']) delete process.env[name];
    try {
      expect(() => findAndLoadConfig(join(dir, 'task.json'))).toThrow(/CODER_ENDPOINT is not set/);
    } finally {
      process.env = saved;
    }
  });

  it('says how to start when there is nothing to run', () => {
    process.chdir(folder({}));
    const error = (() => {
      try {
        findAndLoadConfig(undefined);
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('agentbatch init');
  });
});
