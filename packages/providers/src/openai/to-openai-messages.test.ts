import type { ChatMessage } from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { toOpenAIMessages, toOpenAITools } from './to-openai-messages.js';

describe('toOpenAIMessages', () => {
  it.each(['{"path": "a.js"', 'not json', '[1, 2]', '"text"', 'null'])(
    'sends a JSON object on the wire for arguments %s that are not one',
    (argumentsText) => {
      const messages: ChatMessage[] = [
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'read_file', argumentsText }] },
        { role: 'tool', toolCallId: 'call_1', toolName: 'read_file', content: 'not valid JSON', isError: true },
      ];
      const [assistant] = toOpenAIMessages('', messages);
      expect(assistant).toMatchObject({ tool_calls: [{ function: { name: 'read_file', arguments: '{}' } }] });
      // The conversation itself keeps what the model sent.
      expect(messages[0]).toMatchObject({ toolCalls: [{ argumentsText }] });
    },
  );

  it('puts the system prompt first and converts every role', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Weather in SF?' },
      {
        role: 'assistant',
        content: '',
        reasoning: 'I should call the weather tool.',
        toolCalls: [
          { id: 'call_1', name: 'weather', argumentsText: '{"location":"San Francisco"}' },
          { id: 'call_2', name: 'time', argumentsText: '' },
        ],
      },
      { role: 'tool', toolCallId: 'call_1', toolName: 'weather', content: 'Sunny, 18°C' },
      { role: 'tool', toolCallId: 'call_2', toolName: 'time', content: 'failed', isError: true },
      { role: 'assistant', content: 'It is sunny.', reasoning: 'The tool said sunny.' },
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Thanks' },
    ];
    expect(toOpenAIMessages('You are a helpful assistant.', messages)).toStrictEqual([
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Weather in SF?' },
      {
        role: 'assistant',
        content: '',
        reasoning_content: 'I should call the weather tool.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } },
          { id: 'call_2', type: 'function', function: { name: 'time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 18°C' },
      { role: 'tool', tool_call_id: 'call_2', content: 'failed' },
      // reasoning is sent back only on tool-call turns
      { role: 'assistant', content: 'It is sunny.' },
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('leaves out an empty system prompt, empty tool_calls and missing reasoning', () => {
    expect(
      toOpenAIMessages('', [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello', toolCalls: [] },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'ls', argumentsText: '{}' }] },
      ]),
    ).toStrictEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'ls', arguments: '{}' } }],
      },
    ]);
  });
});

describe('toOpenAITools', () => {
  it('wraps tools as functions', () => {
    const parameters = { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] };
    expect(toOpenAITools([{ name: 'weather', description: 'Get the weather', parameters }])).toStrictEqual([
      { type: 'function', function: { name: 'weather', description: 'Get the weather', parameters } },
    ]);
  });

  it('returns undefined without tools', () => {
    expect(toOpenAITools([])).toBeUndefined();
  });
});
