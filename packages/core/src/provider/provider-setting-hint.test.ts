import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerSettingHint } from './provider-setting-hint.js';

const apiKeyHint = (path: string, name: string) => providerSettingHint(path, name, 'apiKey');

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'api-key-hint-')), 'agentbatch.yaml');
  writeFileSync(file, text);
  return file;
}

describe('providerSettingHint', () => {
  it('names the config key and the variables it is set from', () => {
    const file = configFile(`providers:\n  judge:\n    type: openai\n    apiKey: \${EVALUATION_API_KEY}\n`);
    expect(apiKeyHint(file, 'judge')).toBe('providers.judge.apiKey in agentbatch.yaml (from EVALUATION_API_KEY)');
  });

  it('names the base URL and its variable', () => {
    const file = configFile(`providers:\n  local:\n    type: openai\n    baseURL: \${MODEL_URL}/v1\n`);
    expect(providerSettingHint(file, 'local', 'baseURL')).toBe(
      'providers.local.baseURL in agentbatch.yaml (from MODEL_URL)',
    );
  });

  it('names the config key alone when the key is written out or missing', () => {
    const file = configFile('providers:\n  judge:\n    type: openai\n    apiKey: sk-123\n  other:\n    type: openai\n');
    expect(apiKeyHint(file, 'judge')).toBe('providers.judge.apiKey in agentbatch.yaml');
    expect(apiKeyHint(file, 'other')).toBe('providers.other.apiKey in agentbatch.yaml');
    expect(apiKeyHint('/nowhere/agentbatch.yaml', 'x')).toBe('providers.x.apiKey in agentbatch.yaml');
  });

  it("names the original system's variables when a bare task.json is run", () => {
    expect(apiKeyHint('/work/task.json', 'coder')).toBe('CODER_API_KEY');
    expect(apiKeyHint('/work/task.json', 'evaluator')).toBe('EVALUATION_API_KEY');
    expect(providerSettingHint('/work/task.json', 'coder', 'baseURL')).toBe('CODER_ENDPOINT');
  });
});
