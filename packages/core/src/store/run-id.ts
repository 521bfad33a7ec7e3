import { randomBytes } from 'node:crypto';

/** Sorts by start time, and stays unique when two runs start in the same second. */
export function createRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replaceAll(':', '-')
    .replace('T', '_');
  return `${stamp}_${randomBytes(2).toString('hex')}`;
}
