import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';

/** A provider setting a server can prove wrong: the key it rejects, the URL that leads nowhere. */
export type ProviderSetting = 'apiKey' | 'baseURL';

/** The variables the original system's `.env` sets them with; a bare task.json run names its providers after them. */
const seedVariables: Record<ProviderSetting, Record<string, string>> = {
  apiKey: { coder: 'CODER_API_KEY', evaluator: 'EVALUATION_API_KEY' },
  baseURL: { coder: 'CODER_ENDPOINT', evaluator: 'EVALUATION_BASE_URL' },
};

/**
 * Where a provider's setting is made, for the error a user sees when the server proves it wrong:
 * `providers.judge.apiKey in agentbatch.yaml (from EVALUATION_API_KEY)`, or the environment
 * variable alone when a bare task.json is run.
 */
export function providerSettingHint(configPath: string, providerName: string, setting: ProviderSetting): string {
  const seedVariable = seedVariables[setting][providerName];
  if (configPath.endsWith('.json') && seedVariable) return seedVariable;
  const key = `providers.${providerName}.${setting} in ${basename(configPath)}`;
  const variables = [...rawValue(configPath, providerName, setting).matchAll(/\$\{(\w+)/g)].map((match) => match[1]);
  return variables.length ? `${key} (from ${variables.join(', ')})` : key;
}

/** The setting as written, before `${VAR}` expansion; empty if it cannot be read. */
function rawValue(configPath: string, providerName: string, setting: ProviderSetting): string {
  try {
    const value = parseDocument(readFileSync(configPath, 'utf8')).getIn(['providers', providerName, setting]);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}
