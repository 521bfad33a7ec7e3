import { describe, expect, it } from 'vitest';
import { triedTask } from '../test-support/attempts-fixture.js';
import { taskEndLines } from './console-lines.js';
import { consoleMessages } from './console-messages.js';
import { createPalette } from './create-palette.js';

describe('taskEndLines', () => {
  const paint = createPalette(false);

  it('shows every attempt with the chosen one, the branch, and a change that did not apply back', () => {
    const lines = taskEndLines(triedTask(), 1, 1, consoleMessages.en, paint);
    expect(lines.slice(3)).toEqual([
      '🎯 Attempts: #1 incomplete 1,500 tokens · #2 completed 2,500 tokens ← chosen · #3 failed 900 tokens',
      '🌿 Branch: agentbatch/r1/tried',
      '⚠️ Not applied back to /work/projects/tried: patch failed: calc.js:1; calc.js: patch does not apply',
    ]);
  });

  it('says the same in Chinese', () => {
    const lines = taskEndLines(triedTask(), 1, 1, consoleMessages.zh, paint);
    expect(lines[3]).toBe('🎯 尝试: #1 未完成 1,500 tokens · #2 完成 2,500 tokens ← 采用 · #3 失败 900 tokens');
    expect(lines[5]).toMatch(/^⚠️ 未能应用回 \/work\/projects\/tried: patch failed/);
  });

  it('adds nothing for a task tried once in place', () => {
    const {
      attempts: _attempts,
      chosenAttempt: _chosen,
      branch: _branch,
      applyBack: _applyBack,
      ...plain
    } = triedTask();
    expect(taskEndLines(plain, 1, 1, consoleMessages.en, paint)).toHaveLength(3);
  });
});
