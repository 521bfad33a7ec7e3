import { describe, expect, it } from 'vitest';
import { evaluationMessage, evaluatorSystemPrompt } from '../agent/prompts.js';
import { cassetteKey } from './cassette-key.js';

const evaluatorCall = (toolCalls: string[], assistantReplies = 0) => ({
  system: evaluatorSystemPrompt,
  messages: [
    {
      role: 'user' as const,
      content: evaluationMessage({
        taskPrompt: 'Fix add in calc.js',
        iteration: 1,
        coderReply: 'Fixed it.',
        coderToolCalls: toolCalls,
        reports: [],
      }),
    },
    ...Array.from({ length: assistantReplies }, () => ({ role: 'assistant' as const, content: 'ok' })),
  ],
});

describe('cassetteKey', () => {
  it("keys the evaluator's conversation by its task, not by what the coder's tools did this time", () => {
    const recorded = cassetteKey(evaluatorCall(['edit_file calc.js (1 line)']));
    // Played again on a folder the first run already fixed: the edit fails this time.
    const replayed = cassetteKey(evaluatorCall(['edit_file calc.js (failed: old_string not found)']));
    expect(replayed).toEqual(recorded);
    expect(cassetteKey(evaluatorCall([], 2))).toEqual({ ...recorded, step: 2 });
  });

  it('tells tasks and agents apart', () => {
    const task = (content: string, system = 'coder') => cassetteKey({ system, messages: [{ role: 'user', content }] });
    expect(task('Fix add').conversation).not.toBe(task('Fix sub').conversation);
    expect(task('Fix add').conversation).not.toBe(task('Fix add', 'judge').conversation);
  });
});
