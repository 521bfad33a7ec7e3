import { describe, expect, it } from 'vitest';
import { ChunkAccumulator, mapFinishReason, parseCompletion } from './openai-response.js';

describe('mapFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['something_else', 'other'],
    [null, 'other'],
    [undefined, 'other'],
  ] as const)('%s → %s', (wire, expected) => {
    expect(mapFinishReason(wire)).toBe(expected);
  });
});

describe('ChunkAccumulator', () => {
  it('keys tool-call fragments by index and keeps several calls in index order', () => {
    const accumulator = new ChunkAccumulator();
    accumulator.add({
      choices: [
        {
          delta: {
            tool_calls: [
              { index: 1, id: 'call_b', function: { name: 'b', arguments: '{"x"' } },
              { index: 0, id: 'call_a', function: { name: 'a', arguments: '' } },
            ],
          },
        },
      ],
    });
    accumulator.add({
      choices: [
        {
          delta: {
            tool_calls: [
              { index: 0, id: '', function: { name: '', arguments: '{}' } },
              { index: 1, id: null, function: { name: 'b', arguments: ':1}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(accumulator.result()).toStrictEqual({
      text: '',
      toolCalls: [
        { id: 'call_a', name: 'a', argumentsText: '{}' },
        { id: 'call_b', name: 'b', argumentsText: '{"x":1}' },
      ],
      usage: { inputTokens: 0, outputTokens: 0 },
      finishReason: 'tool-calls',
    });
  });

  it('falls back to ids for servers that send no index, and generates missing ids', () => {
    const accumulator = new ChunkAccumulator();
    accumulator.add({
      choices: [{ delta: { tool_calls: [{ id: 'call_1', function: { name: 'a', arguments: '{"p":' } }] } }],
    });
    accumulator.add({ choices: [{ delta: { tool_calls: [{ function: { arguments: '1}' } }] } }] });
    accumulator.add({
      choices: [{ delta: { tool_calls: [{ id: 'call_2', function: { name: 'b', arguments: '{}' } }] } }],
    });
    accumulator.add({ choices: [{ delta: { tool_calls: [{ index: 5, function: { name: 'c', arguments: {} } }] } }] });
    const { toolCalls } = accumulator.result();
    expect(toolCalls.slice(0, 2)).toStrictEqual([
      { id: 'call_1', name: 'a', argumentsText: '{"p":1}' },
      { id: 'call_2', name: 'b', argumentsText: '{}' },
    ]);
    expect(toolCalls[2]).toMatchObject({ name: 'c', argumentsText: '{}' });
    expect(toolCalls[2]?.id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('reads `reasoning` deltas, ignores other choices and takes usage from any chunk', () => {
    const accumulator = new ChunkAccumulator();
    accumulator.add({ choices: [{ index: 0, delta: { reasoning: 'Think', content: null } }] });
    accumulator.add({ choices: [{ index: 0, delta: { reasoning: 'ing.', content: 'Hi' } }] });
    accumulator.add({ choices: [{ index: 1, delta: { content: ' other choice' }, finish_reason: 'length' }] });
    accumulator.add({
      choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    });
    expect(accumulator.result()).toStrictEqual({
      text: 'Hi',
      toolCalls: [],
      reasoning: 'Thinking.',
      usage: { inputTokens: 3, outputTokens: 4 },
      finishReason: 'stop',
    });
  });
});

describe('parseCompletion', () => {
  it('parses a text completion with `reasoning`', () => {
    expect(
      parseCompletion({
        choices: [{ index: 0, message: { content: 'Hello', reasoning: 'Greet.' }, finish_reason: 'length' }],
        usage: { prompt_tokens: 5, completion_tokens: 2 },
      }),
    ).toStrictEqual({
      text: 'Hello',
      toolCalls: [],
      reasoning: 'Greet.',
      usage: { inputTokens: 5, outputTokens: 2 },
      finishReason: 'length',
    });
  });

  it('survives an empty response', () => {
    expect(parseCompletion({})).toStrictEqual({
      text: '',
      toolCalls: [],
      usage: { inputTokens: 0, outputTokens: 0 },
      finishReason: 'other',
    });
  });
});
