import { describe, expect, it } from 'vitest';
import { shellEnvironment } from './shell-environment.js';

describe('shellEnvironment', () => {
  const env = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    CODER_API_KEY: 'sk-coder',
    GITHUB_TOKEN: 'ghp_x',
    my_secret: 's',
    DB_PASSWORD: 'p',
    AWS_CREDENTIALS_FILE: '/c',
    LLM_ENDPOINT_AUTH: 'sk-judge',
    NPM_CONFIG_REGISTRY: 'r',
  };

  it('drops variables whose names look like secrets, case-insensitively', () => {
    const scrubbed = shellEnvironment(env, { secrets: [], pass: [] });
    expect(Object.keys(scrubbed).sort()).toEqual(['HOME', 'LLM_ENDPOINT_AUTH', 'NPM_CONFIG_REGISTRY', 'PATH']);
  });

  it('drops a variable holding a configured key whatever its name', () => {
    const scrubbed = shellEnvironment(env, { secrets: ['sk-judge', undefined], pass: [] });
    expect(scrubbed).not.toHaveProperty('LLM_ENDPOINT_AUTH');
    expect(scrubbed.PATH).toBe('/usr/bin');
  });

  it('keeps the variables run.shellEnv.pass names', () => {
    const scrubbed = shellEnvironment(env, { secrets: ['sk-judge'], pass: ['GITHUB_TOKEN', 'LLM_ENDPOINT_AUTH'] });
    expect(scrubbed.GITHUB_TOKEN).toBe('ghp_x');
    expect(scrubbed.LLM_ENDPOINT_AUTH).toBe('sk-judge');
    expect(scrubbed).not.toHaveProperty('CODER_API_KEY');
  });
});
