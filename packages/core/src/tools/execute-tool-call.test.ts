import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SecretMasker } from '../secrets/secret-masker.js';
import { executeToolCall } from './execute-tool-call.js';
import { createTempWorkspace } from './test-support/temp-workspace.js';
import type { Tool } from './tool.js';

const echoParameters = z.object({
  text: z.string().describe('Text to echo'),
  times: z.number().int().min(1).optional().describe('Repetitions'),
});

const echoTool: Tool<typeof echoParameters> = {
  name: 'echo',
  description: 'Echo text',
  parameters: echoParameters,
  readOnly: true,
  async execute(args) {
    return { content: args.text.repeat(args.times ?? 1), summary: 'echo' };
  },
};

const noArgsParameters = z.object({});
const pingTool: Tool<typeof noArgsParameters> = {
  name: 'ping',
  description: 'Ping',
  parameters: noArgsParameters,
  readOnly: true,
  async execute() {
    return { content: 'pong', summary: 'ping' };
  },
};

const throwingTool: Tool<typeof noArgsParameters> = {
  name: 'explode',
  description: 'Always throws',
  parameters: noArgsParameters,
  readOnly: false,
  async execute() {
    throw new Error('kaboom');
  },
};

const tools: Tool[] = [echoTool, pingTool, throwingTool];

describe('executeToolCall', () => {
  it('parses, validates and runs the named tool', async () => {
    const { context } = await createTempWorkspace();
    const output = await executeToolCall(tools, { name: 'echo', argumentsText: '{"text":"ab","times":2}' }, context);
    expect(output).toEqual({ content: 'abab', summary: 'echo' });
  });

  it.each(['', '   ', 'null', '{}'])('treats %j as no arguments', async (argumentsText) => {
    const { context } = await createTempWorkspace();
    expect(await executeToolCall(tools, { name: 'ping', argumentsText }, context)).toEqual({
      content: 'pong',
      summary: 'ping',
    });
  });

  it('lists the available tools for an unknown one', async () => {
    const { context } = await createTempWorkspace();
    const output = await executeToolCall(tools, { name: 'rm_rf', argumentsText: '{}' }, context);
    expect(output).toEqual({
      isError: true,
      content: 'Unknown tool "rm_rf". Available tools: echo, ping, explode.',
      summary: 'rm_rf (unknown tool)',
    });
  });

  it('returns an error result for malformed JSON', async () => {
    const { context } = await createTempWorkspace();
    const output = await executeToolCall(tools, { name: 'echo', argumentsText: '{"text": "a"' }, context);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/^The arguments for echo are not valid JSON/);
    expect(output.summary).toBe('echo (invalid arguments)');
  });

  it('names the bad fields when validation fails', async () => {
    const { context } = await createTempWorkspace();
    const output = await executeToolCall(tools, { name: 'echo', argumentsText: '{"times":0}' }, context);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/^Invalid arguments for echo:/);
    expect(output.content).toMatch(/^- text: /m);
    expect(output.content).toMatch(/^- times: /m);
  });

  it('rejects arguments that are not an object', async () => {
    const { context } = await createTempWorkspace();
    const output = await executeToolCall(tools, { name: 'echo', argumentsText: '"hello"' }, context);
    expect(output.isError).toBe(true);
    expect(output.content).toMatch(/- \(arguments\): /);
  });

  it('turns a throwing tool into an error result', async () => {
    const { context } = await createTempWorkspace();
    const output = await executeToolCall(tools, { name: 'explode', argumentsText: '' }, context);
    expect(output).toEqual({ isError: true, content: 'explode failed: kaboom', summary: 'explode (failed)' });
  });

  it('propagates the error once the signal is aborted', async () => {
    const controller = new AbortController();
    const { context } = await createTempWorkspace(controller.signal);
    const abortingTool: Tool<typeof noArgsParameters> = {
      ...throwingTool,
      name: 'abort_me',
      async execute() {
        controller.abort();
        controller.signal.throwIfAborted();
        return { content: 'unreachable', summary: '' };
      },
    };
    await expect(
      executeToolCall([abortingTool], { name: 'abort_me', argumentsText: '' }, context),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('does not run a tool when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { context } = await createTempWorkspace(controller.signal);
    await expect(executeToolCall(tools, { name: 'ping', argumentsText: '' }, context)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it("masks the run's secrets in what the model gets back", async () => {
    const { context } = await createTempWorkspace(undefined, { masker: new SecretMasker(['sk-secret-42']) });
    const output = await executeToolCall(
      tools,
      { name: 'echo', argumentsText: '{"text":"key sk-secret-42"}' },
      context,
    );
    expect(output.content).toBe('key ***');
  });
});
