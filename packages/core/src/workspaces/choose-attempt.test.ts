import { describe, expect, it } from 'vitest';
import { usageOfCall } from '../model/usage.js';
import type { AttemptResult } from '../plugin/run-results.js';
import { chooseAttempt } from './choose-attempt.js';

const attempt = (number: number, fields: Partial<AttemptResult> & { tokens?: number } = {}): AttemptResult => ({
  attempt: number,
  status: 'incomplete',
  iterations: 1,
  usage: usageOfCall({ inputTokens: fields.tokens ?? 100, outputTokens: 0 }),
  costUsd: 0,
  verdict: null,
  workspace: `/w/${number}`,
  ...fields,
});

describe('chooseAttempt', () => {
  it('takes a completed attempt over any other, however many tokens it used', () => {
    const chosen = chooseAttempt([attempt(1, { tokens: 10 }), attempt(2, { status: 'completed', tokens: 900 })]);
    expect(chosen.attempt).toBe(2);
  });

  it('without a completed one, takes a cancelled one: the task is unfinished and --resume goes on', () => {
    const chosen = chooseAttempt([
      attempt(1, { status: 'failed', tokens: 10, verifyExitCode: 0 }),
      attempt(2, { status: 'cancelled', tokens: 900 }),
    ]);
    expect(chosen.attempt).toBe(2);
  });

  it('among completed ones, takes one whose verify passed', () => {
    const chosen = chooseAttempt([
      attempt(1, { status: 'completed', verifyExitCode: 1, tokens: 10 }),
      attempt(2, { status: 'completed', verifyExitCode: 0, tokens: 500 }),
    ]);
    expect(chosen.attempt).toBe(2);
  });

  it('then the one with fewer tokens, then the earlier one', () => {
    expect(chooseAttempt([attempt(1, { tokens: 300 }), attempt(2, { tokens: 200 })]).attempt).toBe(2);
    expect(chooseAttempt([attempt(1), attempt(2), attempt(3)]).attempt).toBe(1);
  });
});
