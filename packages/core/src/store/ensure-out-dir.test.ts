import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { ensureOutDir } from './ensure-out-dir.js';

describe('ensureOutDir', () => {
  it('creates a missing folder', async () => {
    const outDir = path.join(await makeTempDir(), 'a', 'runs');
    ensureOutDir(outDir);
    expect(existsSync(outDir)).toBe(true);
  });

  it('refuses a file in its place, or above it, naming the path and the fix', async () => {
    const file = path.join(await makeTempDir(), 'runs');
    writeFileSync(file, 'not a folder');
    expect(configError(() => ensureOutDir(file)).message).toBe(
      `cannot write run folders in ${file}: it is a file, not a folder; choose another with --out-dir or run.outDir`,
    );
    expect(configError(() => ensureOutDir(path.join(file, 'below'))).message).toContain('a folder above it, is a file');
  });
});
