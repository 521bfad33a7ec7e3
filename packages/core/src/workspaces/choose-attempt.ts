import type { AttemptResult } from '../plugin/run-results.js';

/**
 * The best of a task's attempts: a completed one before any other; among equals, one whose last
 * `verify` passed; then the one that used fewer tokens; then the earlier one.
 */
export function chooseAttempt(attempts: readonly AttemptResult[]): AttemptResult {
  const rank = (attempt: AttemptResult) => [
    attempt.status === 'completed' ? 0 : 1,
    attempt.verifyExitCode === 0 ? 0 : 1,
    attempt.usage.totalTokens,
    attempt.attempt,
  ];
  const [first, ...rest] = attempts;
  if (!first) throw new Error('chooseAttempt needs at least one attempt');
  return rest.reduce((best, candidate) => (compareRanks(rank(candidate), rank(best)) < 0 ? candidate : best), first);
}

function compareRanks(a: number[], b: number[]): number {
  for (const [index, value] of a.entries()) {
    const difference = value - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
