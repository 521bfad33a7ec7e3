import { APICallError, type LanguageModel, type ModelRequest } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fixtureLines,
  openSseStream,
  readFixture,
  replyWithAnthropicStream,
  replyWithError,
  replyWithJson,
  type SseHandler,
  type SseServer,
  startSseServer,
  writeSseEvent,
} from '../test-support/sse-server.js';
import { anthropicOptionsSchema, createAnthropicModel } from './anthropic-provider.js';

const MODEL = 'claude-haiku-4-5';
const context = { name: 'claude', configDir: '/tmp' };

let server: SseServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  handler: SseHandler,
  options: Record<string, unknown> = {},
): Promise<{ server: SseServer; model: LanguageModel }> {
  server = await startSseServer(handler);
  const model = await createAnthropicModel(
    { type: 'anthropic', model: MODEL, apiKey: 'test-key', baseURL: server.url, ...options },
    context,
  );
  return { server, model };
}

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Update the issue list.' }],
    tools: [],
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A fixture's lines with some events' JSON changed. */
function editedLines(fixture: string, edit: (event: Record<string, unknown>) => void): string[] {
  return fixtureLines(fixture).map((line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    edit(event);
    return JSON.stringify(event);
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function apiCallError(promise: Promise<unknown>): Promise<APICallError> {
  const error = await rejection(promise);
  if (!APICallError.isInstance(error)) throw new Error(`expected an APICallError, got: ${String(error)}`);
  return error;
}

const overloadedBody = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };

describe('anthropic provider: recorded streams', () => {
  it('replays anthropic-tool-no-args.chunks.txt: text, then a tool called with no input', async () => {
    const { model, server } = await setup((_request, res) =>
      replyWithAnthropicStream(res, fixtureLines('anthropic-tool-no-args.chunks.txt')),
    );
    const response = await model.generate(request());

    expect(response).toEqual({
      text: "I'll update the issue list for you.",
      toolCalls: [{ id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', argumentsText: '{}' }],
      // message_start: input 565 + cache 0 + 0; message_delta: cumulative output 48.
      usage: { inputTokens: 565, outputTokens: 48, cachedInputTokens: 0 },
      finishReason: 'tool-calls',
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/v1/messages');
    expect(server.requests[0]?.body).toMatchObject({ stream: true });
  });

  it('replays anthropic-json-tool.1.chunks.txt: input_json_delta fragments, an empty one first', async () => {
    const { model } = await setup((_request, res) =>
      replyWithAnthropicStream(res, fixtureLines('anthropic-json-tool.1.chunks.txt')),
    );
    const response = await model.generate(request());

    expect(response.text).toBe('');
    expect(response.toolCalls).toEqual([
      {
        id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA',
        name: 'json',
        argumentsText: '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}',
      },
    ]);
    expect(JSON.parse(response.toolCalls[0]?.argumentsText ?? '')).toEqual({
      elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }],
    });
    expect(response.usage).toEqual({ inputTokens: 849, outputTokens: 47, cachedInputTokens: 0 });
    expect(response.finishReason).toBe('tool-calls');
    expect(response.reasoning).toBeUndefined();
    expect(response.providerData).toBeUndefined();
  });

  it('counts prompt-cache tokens as input and takes the cumulative message_delta usage', async () => {
    const lines = editedLines('anthropic-tool-no-args.chunks.txt', (event) => {
      if (event.type === 'message_start') {
        const message = event.message as { usage: Record<string, unknown> };
        Object.assign(message.usage, {
          input_tokens: 12,
          cache_creation_input_tokens: 150,
          cache_read_input_tokens: 2000,
          output_tokens: 1,
        });
      }
      if (event.type === 'message_delta') {
        // The final counts: input-side numbers revised, output cumulative.
        event.usage = {
          input_tokens: 14,
          cache_creation_input_tokens: 150,
          cache_read_input_tokens: 2048,
          output_tokens: 61,
          output_tokens_details: { thinking_tokens: 20 },
        };
      }
    });
    const { model } = await setup((_request, res) => replyWithAnthropicStream(res, lines));
    const response = await model.generate(request());

    expect(response.usage).toEqual({
      inputTokens: 14 + 150 + 2048,
      outputTokens: 61,
      cachedInputTokens: 2048,
      cacheWriteInputTokens: 150,
      reasoningTokens: 20,
    });
  });

  it('keeps message_start input numbers when message_delta reports only output tokens', async () => {
    const lines = editedLines('anthropic-json-tool.1.chunks.txt', (event) => {
      if (event.type === 'message_start') {
        const message = event.message as { usage: Record<string, unknown> };
        Object.assign(message.usage, {
          input_tokens: 3,
          cache_creation_input_tokens: 40,
          cache_read_input_tokens: 500,
        });
      }
      if (event.type === 'message_delta') {
        event.usage = { input_tokens: null, cache_read_input_tokens: null, output_tokens: 47 };
      }
    });
    const { model } = await setup((_request, res) => replyWithAnthropicStream(res, lines));
    const response = await model.generate(request());

    expect(response.usage).toEqual({
      inputTokens: 543,
      outputTokens: 47,
      cachedInputTokens: 500,
      cacheWriteInputTokens: 40,
    });
  });

  it('collects thinking and signature deltas into reasoning and providerData', async () => {
    const events = [
      {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: MODEL,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'The user wants ' } },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'a greeting.' } },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA' },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
      },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Hello!' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 30 },
      },
      { type: 'message_stop' },
    ].map((event) => JSON.stringify(event));
    const { model, server } = await setup((_request, res) => replyWithAnthropicStream(res, events), {
      thinking: { budgetTokens: 2048 },
    });
    const response = await model.generate(request());

    expect(response).toEqual({
      text: 'Hello!',
      toolCalls: [],
      reasoning: 'The user wants a greeting.',
      providerData: {
        anthropic: {
          thinking: [
            { type: 'thinking', thinking: 'The user wants a greeting.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA' },
            { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
          ],
        },
      },
      usage: { inputTokens: 20, outputTokens: 30, cachedInputTokens: 0 },
      finishReason: 'stop',
    });
    expect(server.requests[0]?.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 } });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other'],
  ])('maps stop_reason %s to %s', async (stopReason, finishReason) => {
    const lines = editedLines('anthropic-tool-no-args.chunks.txt', (event) => {
      if (event.type === 'message_delta') (event.delta as Record<string, unknown>).stop_reason = stopReason;
    });
    const { model } = await setup((_request, res) => replyWithAnthropicStream(res, lines));
    expect((await model.generate(request())).finishReason).toBe(finishReason);
  });
});

describe('anthropic provider: recorded whole responses (stream: false)', () => {
  it('parses anthropic-tool-no-args.json', async () => {
    const { model, server } = await setup(
      (_request, res) => replyWithJson(res, readFixture('anthropic-tool-no-args.json')),
      {
        stream: false,
      },
    );
    const response = await model.generate(request());

    expect(response.text).toBe(
      '<thinking>\nThe updateIssueList tool was provided in the list of available functions. The tool has no required parameters, so it can be called without any additional information needed from the user.\n</thinking>\n\nOkay, I will update the current issue list:',
    );
    expect(response.toolCalls).toEqual([
      { id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', argumentsText: '{}' },
    ]);
    expect(response.usage).toEqual({ inputTokens: 602, outputTokens: 93, cachedInputTokens: 0 });
    expect(response.finishReason).toBe('tool-calls');
    expect(server.requests[0]?.body).toMatchObject({ stream: false });
  });

  it('parses anthropic-json-tool.1.json', async () => {
    const { model } = await setup((_request, res) => replyWithJson(res, readFixture('anthropic-json-tool.1.json')), {
      stream: false,
    });
    const response = await model.generate(request());

    const elements = [
      { location: 'San Francisco', temperature: -5, condition: 'snowy' },
      { location: 'London', temperature: 0, condition: 'snowy' },
      { location: 'Paris', temperature: 23, condition: 'cloudy' },
      { location: 'Berlin', temperature: -9, condition: 'snowy' },
    ];
    expect(response).toEqual({
      text: '',
      toolCalls: [{ id: 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa', name: 'json', argumentsText: JSON.stringify({ elements }) }],
      usage: { inputTokens: 1151, outputTokens: 87, cachedInputTokens: 0 },
      finishReason: 'tool-calls',
    });
  });
});

describe('anthropic provider: the request', () => {
  it('sends system, merged tool results, tools, max_tokens and headers', async () => {
    const { model, server } = await setup(
      (_request, res) => replyWithAnthropicStream(res, fixtureLines('anthropic-tool-no-args.chunks.txt')),
      { headers: { 'x-team': 'platform' } },
    );
    await model.generate(
      request({
        temperature: 0.3,
        tools: [
          {
            name: 'read_file',
            description: 'Read a file',
            parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
          },
        ],
        messages: [
          { role: 'user', content: 'Read a and b.' },
          {
            role: 'assistant',
            content: 'Reading both.',
            toolCalls: [
              { id: 'toolu_a', name: 'read_file', argumentsText: '{"path":"a"}' },
              { id: 'toolu_b', name: 'read_file', argumentsText: '' },
            ],
            providerData: { anthropic: { thinking: [{ type: 'thinking', thinking: 'Two files.', signature: 'sig' }] } },
          },
          { role: 'tool', toolCallId: 'toolu_a', toolName: 'read_file', content: 'A' },
          { role: 'tool', toolCallId: 'toolu_b', toolName: 'read_file', content: 'no such file', isError: true },
          { role: 'user', content: 'Now summarize.' },
        ],
      }),
    );

    const received = server.requests[0];
    expect(received?.method).toBe('POST');
    expect(received?.path).toBe('/v1/messages');
    expect(received?.body).toEqual({
      model: MODEL,
      max_tokens: 8192,
      stream: true,
      cache_control: { type: 'ephemeral' },
      system: 'You are terse.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Read a and b.' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Two files.', signature: 'sig' },
            { type: 'text', text: 'Reading both.' },
            { type: 'tool_use', id: 'toolu_a', name: 'read_file', input: { path: 'a' } },
            { type: 'tool_use', id: 'toolu_b', name: 'read_file', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_a', content: 'A' },
            { type: 'tool_result', tool_use_id: 'toolu_b', content: 'no such file', is_error: true },
            { type: 'text', text: 'Now summarize.' },
          ],
        },
      ],
      tools: [
        {
          name: 'read_file',
          description: 'Read a file',
          input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
        },
      ],
    });
    expect(received?.headers['x-team']).toBe('platform');
    expect(received?.headers.authorization).toBe('Bearer test-key');
    expect(received?.headers['anthropic-version']).toBeTypeOf('string');
    expect(received?.headers['content-type']).toContain('application/json');
  });

  it('marks the conversation for prompt caching, with a chosen lifetime, or not at all', async () => {
    const reply = (_request: unknown, res: Parameters<typeof replyWithAnthropicStream>[0]) =>
      replyWithAnthropicStream(res, fixtureLines('anthropic-tool-no-args.chunks.txt'));
    const longer = await setup(reply, { promptCache: '1h' });
    await longer.model.generate(request());
    expect(longer.server.requests[0]?.body).toMatchObject({ cache_control: { type: 'ephemeral', ttl: '1h' } });
    const off = await setup(reply, { promptCache: false });
    await off.model.generate(request());
    expect(off.server.requests[0]?.body).not.toHaveProperty('cache_control');
  });

  it("lets the request's maxOutputTokens win over the maxTokens option, and sends no tools when there are none", async () => {
    const { model, server } = await setup(
      (_request, res) => replyWithAnthropicStream(res, fixtureLines('anthropic-tool-no-args.chunks.txt')),
      { maxTokens: 1000 },
    );
    await model.generate(request());
    await model.generate(request({ maxOutputTokens: 256, system: '' }));

    expect(server.requests[0]?.body).toMatchObject({ max_tokens: 1000, system: 'You are terse.' });
    expect(server.requests[0]?.body).not.toHaveProperty('tools');
    expect(server.requests[1]?.body).toMatchObject({ max_tokens: 256 });
    expect(server.requests[1]?.body).not.toHaveProperty('system');
  });
});

describe('anthropic provider: errors', () => {
  it('turns a 529 overloaded_error into a retryable APICallError with the headers, and does not retry itself', async () => {
    const { model, server } = await setup((_request, res) =>
      replyWithError(res, 529, overloadedBody, { 'Retry-After': '7', 'request-id': 'req_123' }),
    );
    const error = await apiCallError(model.generate(request()));

    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBe(529);
    expect(error.provider).toBe('anthropic');
    expect(error.responseHeaders['retry-after']).toBe('7');
    expect(error.responseHeaders['request-id']).toBe('req_123');
    expect(JSON.parse(error.responseBody ?? '')).toEqual(overloadedBody);
    expect(error.message).toContain('claude');
    expect(error.message).toContain(MODEL);
    expect(error.message).toContain('Overloaded');
    expect(server.requests).toHaveLength(1);
  });

  it('keeps retry-after on a retryable 429', async () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded' } };
    const { model } = await setup((_request, res) => replyWithError(res, 429, body, { 'retry-after': '30' }));
    const error = await apiCallError(model.generate(request()));

    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBe(429);
    expect(error.responseHeaders['retry-after']).toBe('30');
    expect(error.message).toContain('Number of requests has exceeded');
  });

  it('turns a 401 into a non-retryable APICallError naming the API message', async () => {
    const body = { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } };
    const { model, server } = await setup((_request, res) => replyWithError(res, 401, body));
    const error = await apiCallError(model.generate(request()));

    expect(error.isRetryable).toBe(false);
    expect(error.statusCode).toBe(401);
    expect(error.responseBody).toBe(JSON.stringify(body));
    expect(error.message).toContain('invalid x-api-key');
    expect(error.message).toContain(MODEL);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [400, 'invalid_request_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
  ])('does not retry a %i', async (status, type) => {
    const { model } = await setup((_request, res) =>
      replyWithError(res, status, { type: 'error', error: { type, message: 'no' } }),
    );
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBe(status);
    expect(error.isRetryable).toBe(false);
  });

  it('treats an error without a JSON body by its status', async () => {
    const { model } = await setup((_request, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBe(502);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('Bad Gateway');
  });

  it('makes a connection failure a retryable APICallError without status', async () => {
    const closed = await startSseServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const model = await createAnthropicModel({ type: 'anthropic', model: MODEL, apiKey: 'k', baseURL: url }, context);
    const error = await apiCallError(model.generate(request()));

    expect(error.statusCode).toBeUndefined();
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain(`could not connect to ${url}/v1/messages: connection refused (ECONNREFUSED)`);
    expect(error).toMatchObject({ kind: 'connection', url: `${url}/v1/messages` });
  });

  it('turns an error event inside the stream into a retryable APICallError', async () => {
    const lines = fixtureLines('anthropic-tool-no-args.chunks.txt');
    const { model } = await setup(async (_request, res) => {
      openSseStream(res);
      for (const line of lines.slice(0, 3)) writeSseEvent(res, line, (JSON.parse(line) as { type: string }).type);
      writeSseEvent(res, JSON.stringify(overloadedBody), 'error');
      res.end();
    });
    const error = await apiCallError(model.generate(request()));

    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBeUndefined();
    expect(JSON.parse(error.responseBody ?? '')).toEqual(overloadedBody);
    expect(error.responseHeaders['content-type']).toBe('text/event-stream');
    expect(error.message).toContain('overloaded_error');
    expect(error.message).toContain('Overloaded');
  });

  it('treats a connection dropped mid-stream as a retryable APICallError', async () => {
    const lines = fixtureLines('anthropic-tool-no-args.chunks.txt').slice(0, 4);
    const { model } = await setup(async (_request, res) => {
      await replyWithAnthropicStream(res, lines, { end: false });
      res.destroy();
    });
    const error = await apiCallError(model.generate(request()));

    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toContain('reading the response stream failed');
  });

  it('treats a stream cut before message_stop as a retryable APICallError', async () => {
    const lines = fixtureLines('anthropic-tool-no-args.chunks.txt').slice(0, 5);
    const { model } = await setup((_request, res) => replyWithAnthropicStream(res, lines));
    const error = await apiCallError(model.generate(request()));

    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('message_stop');
  });
});

describe('anthropic provider: aborts', () => {
  it('rejects promptly with the abort reason when aborted mid-stream', async () => {
    const lines = fixtureLines('anthropic-tool-no-args.chunks.txt');
    let streaming!: () => void;
    const started = new Promise<void>((resolve) => {
      streaming = resolve;
    });
    const { model } = await setup(async (_request, res) => {
      await replyWithAnthropicStream(res, lines.slice(0, 3), { end: false });
      streaming();
    });
    const controller = new AbortController();
    const pending = model.generate(request({ signal: controller.signal }));
    await started;
    const reason = new Error('task cancelled');
    const abortedAt = Date.now();
    controller.abort(reason);

    const error = await rejection(pending);
    expect(error).toBe(reason);
    expect(APICallError.isInstance(error)).toBe(false);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
  });

  it('rejects with a DOMException AbortError when aborted without a reason while waiting for headers', async () => {
    const { model } = await setup(() => undefined); // never answers
    const controller = new AbortController();
    const pending = model.generate(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);

    const error = await rejection(pending);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { model, server } = await setup((_request, res) => replyWithJson(res, {}));
    const error = await rejection(model.generate(request({ signal: AbortSignal.abort() })));
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});

describe('anthropic provider: options', () => {
  it('applies defaults, and refuses keys it does not know (core keeps rpm, pricing… to itself)', () => {
    const options = anthropicOptionsSchema.parse({ type: 'anthropic', model: MODEL });
    expect(options).toMatchObject({ maxTokens: 8192, stream: true });
    const misspelt = anthropicOptionsSchema.safeParse({ type: 'anthropic', model: MODEL, maxToken: 10 });
    expect(misspelt.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['maxToken'] });
  });

  it('rejects invalid options with a message naming the provider', () => {
    expect(() => createAnthropicModel({ type: 'anthropic', model: MODEL, maxTokens: -1 }, context)).toThrow(
      /anthropic provider "claude"[\s\S]*maxTokens/,
    );
    expect(() => createAnthropicModel({ type: 'anthropic', model: '' }, context)).toThrow(/model/);
  });

  it('describes itself', async () => {
    const model = await createAnthropicModel({ type: 'anthropic', model: MODEL, apiKey: 'k' }, context);
    expect(model).toMatchObject({ specificationVersion: 'v1', provider: 'anthropic', modelId: MODEL });
  });
});
