import { describe, expect, it } from 'vitest';
import { makeRunFolder, secretKey } from '../test-support/run-folder-fixture.js';
import { createMask, environmentSecrets, runSecrets } from './secret-masker.js';

describe('createMask', () => {
  it('masks every occurrence, the longest value first, and leaves short values alone', () => {
    const mask = createMask(['abcdefgh1234', 'abcdefgh', 'short']);
    expect(mask('x abcdefgh1234 y abcdefgh z short')).toBe('x ******** y ******** z short');
  });

  it('treats values as text, not as patterns', () => {
    expect(createMask(['a.b*c+d?e'])('1 a.b*c+d?e 2 axbbbcd')).toBe('1 ******** 2 axbbbcd');
  });
});

describe('runSecrets', () => {
  it('finds the API key of the config the run came from, through its .env, without touching process.env', () => {
    const { runDir } = makeRunFolder();
    expect(runSecrets(runDir, {})).toContain(secretKey);
    expect(process.env.VIEW_TEST_KEY).toBeUndefined();
  });

  it('takes environment variables whose names look like secrets', () => {
    expect(environmentSecrets({ OPENAI_API_KEY: 'k1234567', GITHUB_TOKEN: 't', HOME: '/root' })).toEqual([
      'k1234567',
      't',
    ]);
  });
});
