import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../model/message.js';
import { estimateMessageTokens, fitContext } from './fit-context.js';

/** A task prompt, then `rounds` of: the model reads a big file, the tool answers. */
function conversation(rounds: number, outputChars = 4000): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'user', content: 'Fix the bug.' }];
  for (let round = 0; round < rounds; round++) {
    messages.push({
      role: 'assistant',
      content: '',
      toolCalls: [{ id: `c${round}`, name: 'read_file', argumentsText: `{"path":"f${round}"}` }],
    });
    messages.push({
      role: 'tool',
      toolCallId: `c${round}`,
      toolName: 'read_file',
      content: `${round}`.repeat(outputChars),
    });
  }
  return messages;
}

const tokens = (messages: readonly ChatMessage[]) =>
  messages.reduce((sum, message) => sum + estimateMessageTokens(message), 0);

describe('fitContext', () => {
  it('sends the conversation untouched when it fits, or when no limit is set', () => {
    const messages = conversation(3);
    expect(fitContext(messages, undefined)).toBe(messages);
    expect(fitContext(messages, 100_000)).toBe(messages);
  });

  it('elides the oldest tool results until the request fits, keeping every call answered', () => {
    const messages = conversation(20);
    const limit = Math.floor(tokens(messages) / 2);
    const fitted = fitContext(messages, limit);
    expect(tokens(fitted)).toBeLessThanOrEqual(limit);
    expect(fitted).toHaveLength(messages.length);
    // Oldest first: the first tool result is elided, the last ones are whole.
    expect(fitted[2]?.content).toMatch(/^\[Output elided .*read_file again/);
    expect(fitted.at(-1)).toEqual(messages.at(-1));
    // The structure is unchanged: every tool message still answers its call.
    fitted.forEach((message, index) => {
      if (message.role === 'tool') expect(message.toolCallId).toBe((messages[index] as typeof message).toolCallId);
    });
    // The stored conversation is not changed.
    expect(messages[2]?.content).toBe('0'.repeat(4000));
  });

  it('also elides the long arguments of old tool calls, as valid JSON', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'Write files.' }];
    for (let round = 0; round < 20; round++) {
      messages.push({
        role: 'assistant',
        content: '',
        toolCalls: [
          {
            id: `w${round}`,
            name: 'write_file',
            argumentsText: JSON.stringify({ path: `f${round}`, content: 'y'.repeat(3000) }),
          },
        ],
      });
      messages.push({ role: 'tool', toolCallId: `w${round}`, toolName: 'write_file', content: 'Wrote it.' });
    }
    const fitted = fitContext(messages, Math.floor(tokens(messages) / 2));
    const first = fitted[1];
    expect(first?.role === 'assistant' && JSON.parse(first.toolCalls?.[0]?.argumentsText ?? '')).toEqual({
      elided: expect.stringContaining('characters'),
    });
    expect(fitted.at(-2)).toEqual(messages.at(-2));
  });

  it('never elides the recent messages, even when they alone are over the limit', () => {
    const messages = conversation(5);
    const fitted = fitContext(messages, 10);
    expect(fitted.slice(-12)).toEqual(messages.slice(-12));
  });
});
