import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from '../tools/error-code.js';

/**
 * Runs `create` (something that creates `file`), creating the file's folder first when it turns out
 * to be missing. The common case, a folder that is there, costs nothing extra; a folder created on
 * first use or removed meanwhile is (re)created, so there is no cache of folders to go stale.
 */
export async function withFolder<Result>(file: string, create: () => Promise<Result>): Promise<Result> {
  try {
    return await create();
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  return create();
}
