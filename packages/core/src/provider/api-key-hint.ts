import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';

/** The variables the original system's `.env` sets keys with; a bare task.json run names its providers after them. */
const seedKeyVariables: Record<string, string> = { coder: 'CODER_API_KEY', evaluator: 'EVALUATION_API_KEY' };

/**
 * Where a provider's API key is set, for the error a user sees when the server rejects it:
 * `providers.judge.apiKey in agentbatch.yaml (from EVALUATION_API_KEY)`, or the environment
 * variable alone when a bare task.json is run.
 */
export function apiKeyHint(configPath: string, providerName: string): string {
  const seedVariable = seedKeyVariables[providerName];
  if (configPath.endsWith('.json') && seedVariable) return seedVariable;
  const key = `providers.${providerName}.apiKey in ${basename(configPath)}`;
  const variables = [...rawValue(configPath, providerName).matchAll(/\$\{(\w+)/g)].map((match) => match[1]);
  return variables.length ? `${key} (from ${variables.join(', ')})` : key;
}

/** The key as written, before `${VAR}` expansion; empty if it cannot be read. */
function rawValue(configPath: string, providerName: string): string {
  try {
    const value = parseDocument(readFileSync(configPath, 'utf8')).getIn(['providers', providerName, 'apiKey']);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}
