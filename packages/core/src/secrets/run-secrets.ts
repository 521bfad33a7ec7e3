import type { AgentbatchConfig } from '../config/schema.js';
import { SecretMasker } from './secret-masker.js';
import { shellEnvironment } from './shell-environment.js';

/** Where providers look for a key when `apiKey` is not set (OPENAI_API_KEY, ANTHROPIC_API_KEY…). */
const apiKeyVariable = /API_?KEY/i;

export interface RunSecrets {
  /** Masks the run's keys in everything written or shown. */
  masker: SecretMasker;
  /** The environment of the agents' commands: no keys, nothing that looks like a secret. */
  shellEnv: NodeJS.ProcessEnv;
}

/**
 * The run's secrets: every provider's `apiKey` (after `${VAR}` expansion, so whichever variable
 * held it) and the API-key variables providers fall back to.
 */
export function runSecrets(config: AgentbatchConfig, env: NodeJS.ProcessEnv = process.env): RunSecrets {
  const keys = [
    ...Object.values(config.providers).map((provider) => provider.apiKey),
    ...Object.entries(env)
      .filter(([name]) => apiKeyVariable.test(name))
      .map(([, value]) => value),
  ];
  return {
    masker: new SecretMasker(keys),
    shellEnv: shellEnvironment(env, { secrets: keys, pass: config.run.shellEnv.pass }),
  };
}
