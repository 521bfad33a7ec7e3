import type { AttemptResult } from '../plugin/run-results.js';

/**
 * The best of a task's attempts: a completed one before any other; among equals, one whose last
 * `verify` passed; then the one that used fewer tokens; then the earlier one. Without a completed
 * one, a cancelled one comes next: the task is unfinished, and `--resume` goes on with it.
 */
export function chooseAttempt(attempts: readonly AttemptResult[]): AttemptResult {
  const rank = (attempt: AttemptResult) => [
    statusRank(attempt),
    attempt.verifyExitCode === 0 ? 0 : 1,
    attempt.usage.totalTokens,
    attempt.attempt,
  ];
  const [first, ...rest] = attempts;
  if (!first) throw new Error('chooseAttempt needs at least one attempt');
  return rest.reduce((best, candidate) => (compareRanks(rank(candidate), rank(best)) < 0 ? candidate : best), first);
}

function statusRank(attempt: AttemptResult): number {
  if (attempt.status === 'completed') return 0;
  return attempt.status === 'cancelled' ? 1 : 2;
}

function compareRanks(a: number[], b: number[]): number {
  for (const [index, value] of a.entries()) {
    const difference = value - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
