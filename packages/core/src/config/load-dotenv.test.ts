import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { loadDotenv } from './load-dotenv.js';

describe('loadDotenv', () => {
  it('loads .env from the folder into the given env and returns its path', async () => {
    const dir = await makeTempDir();
    await writeFile(
      path.join(dir, '.env'),
      '# the coder\nCODER_API_KEY=sk-abc\nCODER_ENDPOINT="https://example.com/v1"\nQUOTED=\'a b\'\n\nEMPTY=\n',
    );
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotenv(dir, env)).toBe(path.join(dir, '.env'));
    expect(env).toEqual({
      CODER_API_KEY: 'sk-abc',
      CODER_ENDPOINT: 'https://example.com/v1',
      QUOTED: 'a b',
      EMPTY: '',
    });
  });

  it('does not override variables that are already set, even to an empty value', async () => {
    const dir = await makeTempDir();
    await writeFile(path.join(dir, '.env'), 'CODER_MODEL=from-file\nSET_EMPTY=from-file\nNEW=from-file\n');
    const env: NodeJS.ProcessEnv = { CODER_MODEL: 'from-shell', SET_EMPTY: '' };
    loadDotenv(dir, env);
    expect(env).toEqual({ CODER_MODEL: 'from-shell', SET_EMPTY: '', NEW: 'from-file' });
  });

  it('returns undefined and changes nothing when there is no .env', async () => {
    const dir = await makeTempDir();
    const env: NodeJS.ProcessEnv = { A: '1' };
    expect(loadDotenv(dir, env)).toBeUndefined();
    expect(env).toEqual({ A: '1' });
  });

  it('names the file and line of a line that is not NAME=value', async () => {
    const dir = await makeTempDir();
    await writeFile(
      path.join(dir, '.env'),
      '# keys\nCODER_API_KEY=sk-abc\nMULTI="a\nb"\nCODER_ENDPOINT https://example.com/v1\n',
    );
    const error = configError(() => loadDotenv(dir, {}));
    expect(error.location).toEqual({ file: path.join(dir, '.env'), line: 5 });
    expect(error.message).toContain('"CODER_ENDPOINT https://example.com/v1" is not a NAME=value line');
  });

  it('accepts a byte order mark, export and spaces around =', async () => {
    const dir = await makeTempDir();
    await writeFile(path.join(dir, '.env'), '\uFEFFFIRST=1\nexport SECOND=2\nTHIRD = 3\n');
    const env: NodeJS.ProcessEnv = {};
    loadDotenv(dir, env);
    expect(env).toEqual({ FIRST: '1', SECOND: '2', THIRD: '3' });
  });
});
