import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatMessage, ToolCall } from '../model/message.js';
import { FakeModel, textReply, toolReply, unansweredToolCalls } from '../test-support/fake-model.js';
import { makeTempDir } from '../test-support/temp-dir.js';
import { coderTools } from '../tools/index.js';
import type { Tool, ToolOutput } from '../tools/tool.js';
import { createWorkspace } from '../tools/workspace.js';
import { type AgentLoopOptions, runAgentLoop } from './agent-loop.js';

async function setup(model: FakeModel, overrides: Partial<AgentLoopOptions> = {}) {
  const root = await makeTempDir();
  const workspace = await createWorkspace(root);
  const conversation: ChatMessage[] = [{ role: 'user', content: 'Create hello.txt' }];
  const messages: ChatMessage[] = [];
  const toolCalls: Array<{ call: ToolCall; output: ToolOutput }> = [];
  const signal = new AbortController().signal;
  const options: AgentLoopOptions = {
    callModel: (request) => model.generate(request),
    system: 'You are a test agent.',
    conversation,
    tools: coderTools,
    toolContext: { workspace, signal },
    maxTurns: 10,
    signal,
    hooks: {
      onMessage: (message) => messages.push(message),
      onToolCall: (call, output) => toolCalls.push({ call, output }),
    },
    ...overrides,
  };
  return { root, conversation, messages, toolCalls, options };
}

/** A tool that records its calls; `stop_here` is used as the loop's stop tool. */
function recordingTool(name: string, calls: string[], output: Partial<ToolOutput> = {}): Tool {
  return {
    name,
    description: `test tool ${name}`,
    parameters: z.object({ note: z.string().optional() }),
    readOnly: true,
    async execute(args) {
      calls.push(`${name}:${(args as { note?: string }).note ?? ''}`);
      return { content: `${name} ok`, summary: `${name} called`, ...output };
    },
  };
}

describe('runAgentLoop', () => {
  it('returns the text of a reply without tool calls after one model call', async () => {
    const model = new FakeModel([textReply('Nothing to do.')]);
    const { options, conversation } = await setup(model);
    const result = await runAgentLoop(options);
    expect(result).toEqual({ text: 'Nothing to do.', stopReason: 'answered', turns: 1, toolSummaries: [] });
    expect(conversation.at(-1)).toEqual({ role: 'assistant', content: 'Nothing to do.' });
    expect(model.calls).toBe(1);
  });

  it('sends the system prompt, the conversation, the tool specs and the generation options', async () => {
    const model = new FakeModel([textReply('ok')]);
    const { options } = await setup(model, { maxOutputTokens: 512, temperature: 0.2 });
    await runAgentLoop(options);
    const [request] = model.requests;
    expect(request?.system).toBe('You are a test agent.');
    expect(request?.messages).toEqual([{ role: 'user', content: 'Create hello.txt' }]);
    expect(request?.toolNames).toEqual(coderTools.map((tool) => tool.name));
    expect(request?.maxOutputTokens).toBe(512);
    expect(request?.temperature).toBe(0.2);
  });

  it('runs a tool call on the workspace and sends its result back before the next model call', async () => {
    const model = new FakeModel([
      toolReply([{ id: 'c1', name: 'write_file', args: { path: 'hello.txt', content: 'hi\n' } }], 'Writing.'),
      textReply('Created hello.txt.'),
    ]);
    const { options, root, conversation } = await setup(model);
    const result = await runAgentLoop(options);

    expect(await readFile(path.join(root, 'hello.txt'), 'utf8')).toBe('hi\n');
    expect(result.stopReason).toBe('answered');
    expect(result.turns).toBe(2);
    expect(result.text).toBe('Created hello.txt.');
    expect(result.toolSummaries).toEqual(['write_file hello.txt (1 line)']);
    const second = model.requests[1]?.messages ?? [];
    expect(second.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(second[2]).toMatchObject({ role: 'tool', toolCallId: 'c1', toolName: 'write_file' });
    expect(unansweredToolCalls(conversation)).toEqual([]);
  });

  it('answers two tool calls of one reply, in order, each with its own result', async () => {
    const model = new FakeModel([
      toolReply([
        { id: 'w', name: 'write_file', args: { path: 'a.txt', content: 'alpha' } },
        { id: 'r', name: 'read_file', args: { path: 'a.txt' } },
      ]),
      textReply('done'),
    ]);
    const { options, conversation, toolCalls } = await setup(model);
    await runAgentLoop(options);
    const results = conversation.filter((message) => message.role === 'tool');
    expect(results.map((message) => message.toolCallId)).toEqual(['w', 'r']);
    // The read ran after the write: calls in one reply run one at a time, in order.
    expect(results[1]?.content).toContain('alpha');
    expect(results.every((message) => !message.isError)).toBe(true);
    expect(toolCalls.map(({ call }) => call.id)).toEqual(['w', 'r']);
    expect(unansweredToolCalls(conversation)).toEqual([]);
  });

  it('answers unknown tools, malformed arguments and refused paths with error results and goes on', async () => {
    const model = new FakeModel([
      toolReply([
        { id: 'u', name: 'delete_everything', args: {} },
        { id: 'j', name: 'read_file', argumentsText: '{"path": ' },
        { id: 'o', name: 'read_file', args: { path: '../../etc/passwd' } },
      ]),
      textReply('Sorry.'),
    ]);
    const { options, conversation } = await setup(model);
    const result = await runAgentLoop(options);
    const results = conversation.filter((message) => message.role === 'tool');
    expect(results.map((message) => [message.toolCallId, message.isError])).toEqual([
      ['u', true],
      ['j', true],
      ['o', true],
    ]);
    expect(results[0]?.content).toContain('Unknown tool');
    expect(result.stopReason).toBe('answered');
    expect(unansweredToolCalls(conversation)).toEqual([]);
  });

  it('stops at maxTurns, with the last tool calls answered', async () => {
    const model = new FakeModel([], {
      fallback: toolReply([{ id: 'again', name: 'list_directory', args: {} }]),
    });
    const { options, conversation } = await setup(model, { maxTurns: 3 });
    const result = await runAgentLoop(options);
    expect(result.stopReason).toBe('max-turns');
    expect(result.turns).toBe(3);
    expect(model.calls).toBe(3);
    expect(conversation.at(-1)?.role).toBe('tool');
    expect(unansweredToolCalls(conversation)).toEqual([]);
  });

  it('stops after the stop tool is answered, answering the other calls of that reply too', async () => {
    const calls: string[] = [];
    const model = new FakeModel([
      toolReply([
        { id: 's', name: 'stop_here', args: { note: 'verdict' } },
        { id: 'x', name: 'other', args: { note: 'after' } },
      ]),
      textReply('should not be asked'),
    ]);
    const { options, conversation } = await setup(model, {
      tools: [recordingTool('stop_here', calls), recordingTool('other', calls)],
      stopTool: 'stop_here',
    });
    const result = await runAgentLoop(options);
    expect(result.stopReason).toBe('stop-tool');
    expect(result.turns).toBe(1);
    expect(model.calls).toBe(1);
    expect(calls).toEqual(['stop_here:verdict', 'other:after']);
    expect(unansweredToolCalls(conversation)).toEqual([]);
    expect(conversation.at(-1)).toMatchObject({ role: 'tool', toolCallId: 'x' });
  });

  it('does not stop when the stop tool refused the call', async () => {
    const calls: string[] = [];
    const model = new FakeModel([toolReply([{ name: 'stop_here' }]), textReply('giving up')]);
    const { options } = await setup(model, {
      tools: [recordingTool('stop_here', calls, { isError: true })],
      stopTool: 'stop_here',
    });
    const result = await runAgentLoop(options);
    expect(result.stopReason).toBe('answered');
    expect(model.calls).toBe(2);
  });

  it('keeps reasoning and provider data on the assistant message', async () => {
    const model = new FakeModel([{ ...textReply('ok'), reasoning: 'thinking…', providerData: { signature: 'sig' } }]);
    const { options, conversation } = await setup(model);
    await runAgentLoop(options);
    expect(conversation.at(-1)).toEqual({
      role: 'assistant',
      content: 'ok',
      reasoning: 'thinking…',
      providerData: { signature: 'sig' },
    });
  });

  it('reports every added message and every tool call to the hooks', async () => {
    const model = new FakeModel([toolReply([{ id: 'l', name: 'list_directory', args: {} }]), textReply('seen')]);
    const { options, messages, toolCalls } = await setup(model);
    await runAgentLoop(options);
    expect(messages.map((message) => message.role)).toEqual(['assistant', 'tool', 'assistant']);
    expect(toolCalls).toHaveLength(1);
    expect(toolCalls[0]?.call).toMatchObject({ id: 'l', name: 'list_directory' });
    expect(toolCalls[0]?.output.summary).toContain('list_directory');
  });

  it('appends to the conversation it was given, so it lives on after the loop', async () => {
    const model = new FakeModel([textReply('first')]);
    const { options, conversation } = await setup(model);
    await runAgentLoop(options);
    expect(conversation).toHaveLength(2);
    expect(options.conversation).toBe(conversation);
  });

  it('does not call the model when the signal is already aborted', async () => {
    const model = new FakeModel([textReply('never')]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const { options } = await setup(model, { signal: controller.signal });
    await expect(runAgentLoop(options)).rejects.toThrow('stop');
    expect(model.calls).toBe(0);
  });

  it('propagates a model error', async () => {
    const model = new FakeModel([new Error('model exploded')]);
    const { options } = await setup(model);
    await expect(runAgentLoop(options)).rejects.toThrow('model exploded');
  });
});

describe('runAgentLoop with maxContextTokens', () => {
  it('sends old tool results elided once the conversation outgrows the limit, and keeps them in the conversation', async () => {
    const reads = Array.from({ length: 14 }, (_, index) =>
      toolReply([{ name: 'write_file', args: { path: `f${index}.txt`, content: 'x'.repeat(3000) } }]),
    );
    const model = new FakeModel([
      ...reads,
      ...Array.from({ length: 14 }, () => toolReply([{ name: 'read_file', args: { path: 'f0.txt' } }])),
      textReply('Done.'),
    ]);
    const { options, conversation } = await setup(model, { maxTurns: 40, maxContextTokens: 8000 });
    await runAgentLoop(options);
    const last = model.requests.at(-1);
    const sentSize = JSON.stringify(last?.messages).length / 4;
    expect(sentSize).toBeLessThanOrEqual(8000);
    expect(
      last?.messages.some((message) => message.role === 'tool' && message.content.startsWith('[Output elided')),
    ).toBe(true);
    expect(
      conversation.some((message) => message.role === 'tool' && message.content.startsWith('[Output elided')),
    ).toBe(false);
    expect(unansweredToolCalls(last?.messages ?? [])).toEqual([]);
  });
});
