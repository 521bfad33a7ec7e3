import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../model/message.js';
import { FakeModel, textReply, toolReply, unansweredToolCalls } from '../test-support/fake-model.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { coderTools } from '../tools/index.js';
import { createWorkspace } from '../tools/workspace.js';
import type { AgentEnvironment } from './agent-role.js';
import { CoderAgent } from './coder-agent.js';
import { coderSystemPrompt } from './prompts.js';

async function coderWith(model: FakeModel, maxTurns = 10) {
  const root = await makeTempDir();
  const messages: ChatMessage[] = [];
  const environment: AgentEnvironment = {
    callModel: (request) => model.generate(request),
    onMessage: (message) => messages.push(message),
    onToolCall: () => {},
  };
  const coder = new CoderAgent(
    { system: coderSystemPrompt, maxTurns },
    coderTools,
    await createWorkspace(root),
    environment,
  );
  return { coder, root, messages };
}

const signal = () => new AbortController().signal;

describe('CoderAgent', () => {
  it('sends the task prompt verbatim as its first user message, with the coder system prompt and tools', async () => {
    const prompt = '把 hello.py 写好，打印 "Hello, World!"\n\nKeep it   simple.';
    const model = new FakeModel([textReply('ok')]);
    const { coder } = await coderWith(model);
    await coder.runTurn(prompt, signal());
    expect(model.requests[0]?.messages).toEqual([{ role: 'user', content: prompt }]);
    expect(model.requests[0]?.system).toBe(coderSystemPrompt);
    expect(model.requests[0]?.toolNames).toEqual(coderTools.map((tool) => tool.name));
  });

  it('returns its reply and a summary line per tool call', async () => {
    const model = new FakeModel([
      toolReply([{ name: 'write_file', args: { path: 'hello.py', content: 'print("Hello, World!")\n' } }]),
      textReply('I wrote hello.py.'),
    ]);
    const { coder, root } = await coderWith(model);
    const turn = await coder.runTurn('Write hello.py', signal());
    expect(turn).toEqual({ reply: 'I wrote hello.py.', toolCalls: ['write_file hello.py (1 line)'] });
    expect(await readFile(path.join(root, 'hello.py'), 'utf8')).toBe('print("Hello, World!")\n');
  });

  it('keeps its whole conversation, tool calls and results included, across turns', async () => {
    const model = new FakeModel([
      toolReply([{ id: 'w1', name: 'write_file', args: { path: 'a.txt', content: 'one' } }]),
      textReply('Wrote a.txt. Should it say "two"?'),
      toolReply([{ id: 'e1', name: 'edit_file', args: { path: 'a.txt', old_string: 'one', new_string: 'two' } }]),
      textReply('Now it says two.'),
    ]);
    const { coder, root } = await coderWith(model);
    await coder.runTurn('Create a.txt', signal());
    await coder.runTurn('Yes, make it say two.', signal());

    const last = model.requests[3]?.messages ?? [];
    expect(last.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
      'assistant',
      'tool',
    ]);
    expect(last[0]).toEqual({ role: 'user', content: 'Create a.txt' });
    expect(last[2]).toMatchObject({ role: 'tool', toolCallId: 'w1' });
    expect(last[3]).toMatchObject({ role: 'assistant', content: 'Wrote a.txt. Should it say "two"?' });
    expect(last[4]).toEqual({ role: 'user', content: 'Yes, make it say two.' });
    expect(unansweredToolCalls(coder.conversation)).toEqual([]);
    expect(coder.conversation).toHaveLength(8);
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('two');
  });

  it('reports each new user message to the environment', async () => {
    const model = new FakeModel([textReply('ok')]);
    const { coder, messages } = await coderWith(model);
    await coder.runTurn('Do it', signal());
    expect(messages).toEqual([
      { role: 'user', content: 'Do it' },
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('says in its reply when it stopped at its turn limit', async () => {
    const model = new FakeModel([], { fallback: toolReply([{ name: 'list_directory', args: {} }], 'Looking…') });
    const { coder } = await coderWith(model, 2);
    const turn = await coder.runTurn('Explore', signal());
    expect(model.calls).toBe(2);
    expect(turn.reply).toContain('Looking…');
    expect(turn.reply).toContain('stopped after 2 model calls');
    expect(turn.toolCalls).toHaveLength(2);
    expect(unansweredToolCalls(coder.conversation)).toEqual([]);
  });

  it('can start from an existing conversation', async () => {
    const model = new FakeModel([textReply('continuing')]);
    const root = await makeTempDir();
    const earlier: ChatMessage[] = [
      { role: 'user', content: 'before' },
      { role: 'assistant', content: 'earlier reply' },
    ];
    const coder = new CoderAgent(
      { system: 's', maxTurns: 3 },
      coderTools,
      await createWorkspace(root),
      { callModel: (request) => model.generate(request), onMessage() {}, onToolCall() {} },
      earlier,
    );
    await coder.runTurn('next', signal());
    expect(model.requests[0]?.messages.map((message) => message.content)).toEqual(['before', 'earlier reply', 'next']);
  });
});
