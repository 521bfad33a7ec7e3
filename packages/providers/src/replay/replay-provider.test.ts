import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APICallError,
  type LanguageModel,
  type ModelRequest,
  type ModelResponse,
  recordingModel,
} from '@agentbatch/core';
import { describe, expect, it } from 'vitest';
import { createReplayModel } from './replay-provider.js';

const context = (configDir: string) => ({ name: 'demo', configDir });

function request(messages: ModelRequest['messages'], system = 'You are a coder.'): ModelRequest {
  return { system, messages, tools: [], signal: new AbortController().signal };
}

function answering(text: (request: ModelRequest) => string): LanguageModel {
  return {
    specificationVersion: 'v1',
    provider: 'fake',
    modelId: 'fake-1',
    async generate(input): Promise<ModelResponse> {
      return { text: text(input), toolCalls: [], usage: { inputTokens: 11, outputTokens: 3 }, finishReason: 'stop' };
    },
  };
}

describe('record and replay', () => {
  it('plays back what was recorded, by conversation and step, whatever the tool output was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const recorder = recordingModel(
      answering((input) => `reply ${input.messages.filter((message) => message.role === 'assistant').length}`),
      join(dir, 'run.cassette.jsonl'),
    );
    const first = await recorder.generate(request([{ role: 'user', content: 'Fix the bug' }]));
    const second = await recorder.generate(
      request([
        { role: 'user', content: 'Fix the bug' },
        { role: 'assistant', content: 'reply 0', toolCalls: [{ id: 'c1', name: 'run_shell', argumentsText: '{}' }] },
        { role: 'tool', toolCallId: 'c1', toolName: 'run_shell', content: 'took 1.23 s' },
      ]),
    );

    const replay = await createReplayModel(
      { type: 'replay', model: 'x', cassette: 'run.cassette.jsonl' },
      context(dir),
    );
    expect(await replay.generate(request([{ role: 'user', content: 'Fix the bug' }]))).toEqual(first);
    const replayed = await replay.generate(
      request([
        { role: 'user', content: 'Fix the bug' },
        { role: 'assistant', content: 'reply 0', toolCalls: [{ id: 'c1', name: 'run_shell', argumentsText: '{}' }] },
        { role: 'tool', toolCallId: 'c1', toolName: 'run_shell', content: 'took 4.56 s' },
      ]),
    );
    expect(replayed).toEqual(second);
    expect(replayed.usage).toEqual({ inputTokens: 11, outputTokens: 3 });
  });

  it('fails at once, not retryably, naming the conversation, when the cassette has no answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    await recordingModel(
      answering(() => 'ok'),
      join(dir, 'c.jsonl'),
    ).generate(request([{ role: 'user', content: 'Task A' }]));
    const replay = await createReplayModel({ type: 'replay', model: 'x', cassette: 'c.jsonl' }, context(dir));
    const error = await replay
      .generate(request([{ role: 'user', content: 'Task B' }]))
      .catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(false);
    expect((error as APICallError).message).toContain('"Task B"');
    // Another system prompt is another agent's conversation.
    await expect(
      replay.generate(request([{ role: 'user', content: 'Task A' }], 'You review the work')),
    ).rejects.toThrow(/no recorded answer/);
  });

  it('names the file and line of a damaged cassette', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    await recordingModel(
      answering(() => 'ok'),
      join(dir, 'c.jsonl'),
    ).generate(request([{ role: 'user', content: 'Task A' }]));
    writeFileSync(join(dir, 'c.jsonl'), `${readFileSync(join(dir, 'c.jsonl'), 'utf8')}{not json\n`);
    expect(() => createReplayModel({ type: 'replay', model: 'x', cassette: 'c.jsonl' }, context(dir))).toThrow(
      /c\.jsonl:2/,
    );
  });
});
