import { createHash } from 'node:crypto';

export const taskIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * A stable id from the task's dir (as written, relative to the task file) and prompt, so the same
 * task keeps its id across runs and checkouts; `--only` and `--resume` rely on that.
 */
export function hashTaskId(dir: string, prompt: string): string {
  const normalizedDir = dir.replaceAll('\\', '/').replace(/^\.\/|\/$/g, '') || '.';
  return `t-${createHash('sha256').update(`${normalizedDir}\n${prompt}`).digest('hex').slice(0, 10)}`;
}
