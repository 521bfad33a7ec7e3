import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../model/message.js';
import { lastReply } from './last-reply.js';

describe('lastReply', () => {
  it("is the text of the agent's last message that has any, not a later tool-calling turn's empty one", () => {
    const conversation: ChatMessage[] = [
      { role: 'user', content: 'Fix add.' },
      { role: 'assistant', content: 'Fixed: add returns a + b.' },
      { role: 'user', content: 'Run the tests too.' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'c1', name: 'run_shell', argumentsText: '{"command":"npm test"}' }],
      },
      { role: 'tool', toolCallId: 'c1', toolName: 'run_shell', content: 'ok' },
    ];
    expect(lastReply(conversation)).toBe('Fixed: add returns a + b.');
    conversation.push({ role: 'assistant', content: 'Tests pass.' });
    expect(lastReply(conversation)).toBe('Tests pass.');
  });

  it('is undefined before the agent has said anything', () => {
    expect(lastReply([])).toBeUndefined();
    expect(lastReply([{ role: 'user', content: 'Fix add.' }])).toBeUndefined();
  });
});
