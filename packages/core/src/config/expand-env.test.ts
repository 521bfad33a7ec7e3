import { describe, expect, it } from 'vitest';
import { expandEnv, MissingVariableError } from './expand-env.js';

describe('expandEnv', () => {
  const env = { HOST: 'api.example.com', KEY: 'sk-123', EMPTY: '' };

  it('replaces ${VAR} with its value, several times in one string', () => {
    expect(expandEnv('https://${HOST}/v1?k=${KEY}&h=${HOST}', env)).toBe(
      'https://api.example.com/v1?k=sk-123&h=api.example.com',
    );
  });

  it('uses the default of ${VAR:-default} only when the variable is unset or empty', () => {
    expect(expandEnv('${HOST:-fallback}', env)).toBe('api.example.com');
    expect(expandEnv('${NOPE:-fallback}', env)).toBe('fallback');
    expect(expandEnv('${EMPTY:-fallback}', env)).toBe('fallback');
  });

  it('accepts an empty default and a default with slashes, colons and spaces', () => {
    expect(expandEnv('[${NOPE:-}]', env)).toBe('[]');
    expect(expandEnv('${NOPE:-https://api.deepseek.com:443/a b}', env)).toBe('https://api.deepseek.com:443/a b');
  });

  it('throws MissingVariableError naming the variable when it is unset and has no default', () => {
    let caught: unknown;
    try {
      expandEnv('key ${MISSING_KEY} here', env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingVariableError);
    expect((caught as MissingVariableError).variable).toBe('MISSING_KEY');
    expect((caught as Error).message).toContain('MISSING_KEY');
  });

  it('treats an empty variable without default as missing', () => {
    expect(() => expandEnv('${EMPTY}', env)).toThrow(MissingVariableError);
  });

  it('keeps $${ as a literal ${ without expanding it', () => {
    expect(expandEnv('cost $${HOST} and ${HOST}', env)).toBe('cost ${HOST} and api.example.com');
    expect(expandEnv('$${MISSING}', env)).toBe('${MISSING}');
  });

  it('leaves text without references, a bare $VAR and invalid names alone', () => {
    expect(expandEnv('plain $HOST text', env)).toBe('plain $HOST text');
    expect(expandEnv('${1BAD}', env)).toBe('${1BAD}');
  });

  it('does not expand references inside a variable value again', () => {
    expect(expandEnv('${A}', { A: '${B}', B: 'nested' })).toBe('${B}');
  });
});
