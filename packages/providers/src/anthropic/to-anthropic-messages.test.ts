import { describe, expect, it } from 'vitest';
import { thinkingBlocksOf, toAnthropicMessages, toAnthropicTools, toolInput } from './to-anthropic-messages.js';

describe('toAnthropicMessages', () => {
  it('moves the system prompt and system messages to system', () => {
    const prompt = toAnthropicMessages('Be brief.', [
      { role: 'system', content: 'Repository: demo' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(prompt).toEqual({
      system: 'Be brief.\n\nRepository: demo',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(toAnthropicMessages('  ', []).system).toBeUndefined();
  });

  it('merges consecutive tool results and the next user message into one user message, tool results first', () => {
    const { messages } = toAnthropicMessages('', [
      { role: 'user', content: 'Go' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 't1', name: 'a', argumentsText: '{"x":1}' },
          { id: 't2', name: 'b', argumentsText: '{}' },
        ],
      },
      { role: 'tool', toolCallId: 't1', toolName: 'a', content: 'one' },
      { role: 'tool', toolCallId: 't2', toolName: 'b', content: 'failed', isError: true },
      { role: 'user', content: 'Continue' },
      { role: 'assistant', content: 'Done.' },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 't1', name: 'a', input: { x: 1 } },
          { type: 'tool_use', id: 't2', name: 'b', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'one' },
          { type: 'tool_result', tool_use_id: 't2', content: 'failed', is_error: true },
          { type: 'text', text: 'Continue' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
    ]);
  });

  it('puts tool results before user text that came first in the same turn', () => {
    const { messages } = toAnthropicMessages('', [
      { role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'a', argumentsText: '' }] },
      { role: 'user', content: 'By the way' },
      { role: 'tool', toolCallId: 't1', toolName: 'a', content: '' },
    ]);
    expect(messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 't1' },
        { type: 'text', text: 'By the way' },
      ],
    });
  });

  it('sends thinking blocks from providerData back first on the assistant message', () => {
    const thinking = [
      { type: 'thinking', thinking: 'Plan.', signature: 'sig1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'thinking', thinking: 'no signature' },
      'junk',
    ];
    const { messages } = toAnthropicMessages('', [
      { role: 'user', content: 'Go' },
      {
        role: 'assistant',
        content: 'Ok',
        reasoning: 'Plan.',
        providerData: { anthropic: { thinking } },
        toolCalls: [{ id: 't', name: 'n', argumentsText: '{}' }],
      },
    ]);
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Plan.', signature: 'sig1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Ok' },
        { type: 'tool_use', id: 't', name: 'n', input: {} },
      ],
    });
  });

  it('leaves out blank text and messages left without content', () => {
    const { messages } = toAnthropicMessages('', [
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: '  ' },
      { role: 'user', content: 'Again' },
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Go' },
          { type: 'text', text: 'Again' },
        ],
      },
    ]);
  });
});

describe('toolInput', () => {
  it('parses a JSON object and falls back to {} otherwise', () => {
    expect(toolInput('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(toolInput('')).toEqual({});
    expect(toolInput('  ')).toEqual({});
    expect(toolInput('{"a":')).toEqual({});
    expect(toolInput('[1]')).toEqual({});
    expect(toolInput('null')).toEqual({});
    expect(toolInput('"text"')).toEqual({});
  });
});

describe('thinkingBlocksOf', () => {
  it('ignores missing or malformed provider data', () => {
    expect(thinkingBlocksOf(undefined)).toEqual([]);
    expect(thinkingBlocksOf({ openai: {} })).toEqual([]);
    expect(thinkingBlocksOf({ anthropic: { thinking: 'x' } })).toEqual([]);
  });
});

describe('toAnthropicTools', () => {
  it('maps tool specs to name, description and input_schema', () => {
    expect(
      toAnthropicTools([
        { name: 'done', description: 'Finish', parameters: {} },
        {
          name: 'grep',
          description: 'Search',
          parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
        },
      ]),
    ).toEqual([
      { name: 'done', description: 'Finish', input_schema: { type: 'object' } },
      {
        name: 'grep',
        description: 'Search',
        input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      },
    ]);
  });
});
