import { describe, expect, it } from 'vitest';
import {
  coderSystemPrompt,
  continuePrompt,
  evaluationMessage,
  evaluatorSystemPrompt,
  verdictReminder,
} from './prompts.js';

const base = {
  taskPrompt: 'Write `hello.py`:\n  print("Hello, World!")\n',
  iteration: 1,
  coderReply: 'Done, ran it.',
  coderToolCalls: ['write_file hello.py (1 line)', 'run_shell python hello.py (exit 0)'],
  reports: [],
};

describe('evaluationMessage', () => {
  it('quotes the task prompt verbatim in the first iteration, with the coder reply and tool calls', () => {
    const message = evaluationMessage(base);
    expect(message).toContain(base.taskPrompt);
    expect(message).toContain('Done, ran it.');
    expect(message).toContain('- write_file hello.py (1 line)\n- run_shell python hello.py (exit 0)');
    expect(message).toContain('submit_verdict');
  });

  it('does not repeat the task in later iterations (the conversation is kept) and names the iteration', () => {
    const message = evaluationMessage({ ...base, iteration: 3 });
    expect(message).not.toContain('print("Hello, World!")');
    expect(message).toContain('Iteration 3');
    expect(message).toContain('Done, ran it.');
  });

  it('says so when the coder made no tool calls or gave no reply', () => {
    const message = evaluationMessage({ ...base, coderReply: undefined, coderToolCalls: [] });
    expect(message).toContain('the coder made no tool calls');
    expect(message).toContain('(no reply text)');
    expect(evaluationMessage({ ...base, coderReply: '  \n' })).toContain('(no reply text)');
  });

  it('includes each stage report with its exit code and output', () => {
    const message = evaluationMessage({
      ...base,
      reports: [
        { stage: 'verify', title: 'npm test', content: '1 failing\nexpected 2 to be 3', exitCode: 1 },
        { stage: 'lint', title: 'biome', content: 'clean' },
      ],
    });
    expect(message).toContain('# verify: npm test (exit code 1)');
    expect(message).toContain('1 failing\nexpected 2 to be 3');
    expect(message).toContain('# lint: biome\n');
  });
});

describe('prompts', () => {
  it('tell the evaluator about submit_verdict and its statuses', () => {
    for (const word of ['submit_verdict', 'completed', 'continue', 'failed', 'next_prompt']) {
      expect(evaluatorSystemPrompt).toContain(word);
    }
    expect(verdictReminder).toContain('submit_verdict');
    expect(coderSystemPrompt.length).toBeGreaterThan(100);
  });

  it('continuePrompt carries the reviewer summary', () => {
    expect(continuePrompt('the tests fail')).toContain('the tests fail');
  });
});
