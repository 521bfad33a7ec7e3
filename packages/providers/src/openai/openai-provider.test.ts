import { APICallError, type LanguageModel, type ModelRequest, type ProviderOptions } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fixtureLines,
  type RecordedRequest,
  readFixture,
  replyWithError,
  replyWithJson,
  replyWithOpenAIStream,
  type SseHandler,
  type SseServer,
  startSseServer,
} from '../test-support/sse-server.js';
import createOpenAIModelDefault, { createOpenAIModel, openaiOptionsSchema } from './openai-provider.js';

let server: SseServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const weatherTool = {
  name: 'weather',
  description: 'Get the weather in a location',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string', description: 'The location' } },
    required: ['location'],
  },
};

async function setup(
  handler: SseHandler,
  options: Partial<ProviderOptions> = {},
): Promise<{ model: LanguageModel; server: SseServer }> {
  server = await startSseServer(handler);
  const model = await createOpenAIModel(
    { type: 'openai', model: 'test-model', baseURL: `${server.url}/v1`, apiKey: 'test-key', ...options },
    { name: 'local', configDir: '/tmp' },
  );
  return { model, server };
}

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    system: 'You are a helpful assistant.',
    messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }],
    tools: [weatherTool],
    signal: new AbortController().signal,
    ...overrides,
  };
}

function streamFixture(name: string): SseHandler {
  return (_request, res) => replyWithOpenAIStream(res, fixtureLines(name));
}

function jsonFixture(name: string): SseHandler {
  return (_request, res) => replyWithJson(res, readFixture(name));
}

/** What a fixture's deltas add up to, computed independently of the provider. */
function concatenatedDeltas(name: string, field: 'content' | 'reasoning_content'): string {
  let text = '';
  for (const line of fixtureLines(name)) {
    const chunk = JSON.parse(line) as { choices: Array<{ delta?: Record<string, unknown> }> };
    for (const choice of chunk.choices) {
      const value = choice.delta?.[field];
      if (typeof value === 'string') text += value;
    }
  }
  return text;
}

function onlyRequest(): RecordedRequest {
  expect(server?.requests).toHaveLength(1);
  const recorded = server?.requests[0];
  if (!recorded) throw new Error('no request');
  return recorded;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function apiCallError(promise: Promise<unknown>): Promise<APICallError> {
  const error = await rejection(promise);
  if (!APICallError.isInstance(error)) throw new Error(`expected an APICallError, got ${String(error)}`);
  return error;
}

describe('openai provider: recorded streams', () => {
  it('alibaba-tool-call.chunks.txt: Qwen continuation fragments with "id":"" and an extra empty fragment', async () => {
    const { model } = await setup(streamFixture('alibaba-tool-call.chunks.txt'));
    expect(await model.generate(request())).toStrictEqual({
      text: '',
      toolCalls: [
        { id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', argumentsText: '{"location": "San Francisco"}' },
      ],
      usage: { inputTokens: 295, outputTokens: 22, cachedInputTokens: 0 },
      finishReason: 'tool-calls',
    });
  });

  it('deepseek-tool-call.chunks.txt: reasoning before an incremental tool call', async () => {
    const { model } = await setup(streamFixture('deepseek-tool-call.chunks.txt'));
    expect(await model.generate(request())).toStrictEqual({
      text: '',
      reasoning:
        'The user is asking for the weather in San Francisco. I need to use the weather tool to get this information. Let me invoke the weather tool with the location parameter set to "San Francisco".',
      toolCalls: [
        { id: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', name: 'weather', argumentsText: '{"location": "San Francisco"}' },
      ],
      usage: { inputTokens: 339, outputTokens: 83, cachedInputTokens: 320, reasoningTokens: 39 },
      finishReason: 'tool-calls',
    });
  });

  it('deepseek-reasoning.chunks.txt: a long reasoning stream, then text', async () => {
    const { model } = await setup(streamFixture('deepseek-reasoning.chunks.txt'));
    const response = await model.generate(request({ tools: [] }));
    expect(response.text).toBe('The word "strawberry" contains three "r"s.');
    expect(response.reasoning).toBe(
      'We need to count the number of the letter "r" in the word "strawberry". The word is spelled: s-t-r-a-w-b-e-r-r-y. Let\'s list the letters and count the "r"s:\n\nPosition 1: s\n2: t\n3: r (first r)\n4: a\n5: w\n6: b\n7: e\n8: r (second r)\n9: r (third r)\n10: y\n\nSo there are three "r"s. But wait, let\'s double-check: "strawberry" indeed has three "r"s: one after "t", and then two consecutive "r"s before "y". So the answer is 3.\n\nThe question is straightforward. However, sometimes people might miscount. Let\'s ensure: The word has 10 letters. The "r"s are at positions 3, 8, and 9. So yes, 3.\n\nThus, the answer is 3.',
    );
    expect(response.toolCalls).toStrictEqual([]);
    expect(response.usage).toStrictEqual({
      inputTokens: 18,
      outputTokens: 219,
      cachedInputTokens: 0,
      reasoningTokens: 205,
    });
    expect(response.finishReason).toBe('stop');
  });

  it('openai-text.chunks.txt: a text stream with the usage in a final chunk without choices', async () => {
    const { model } = await setup(streamFixture('openai-text.chunks.txt'));
    const response = await model.generate(request({ tools: [] }));
    expect(response.text).toHaveLength(1724);
    expect(response.text).toBe(concatenatedDeltas('openai-text.chunks.txt', 'content'));
    expect(
      response.text.startsWith('**Holiday Name:** Harmony Day\n\n**Date:** Celebrated annually on the first'),
    ).toBe(true);
    expect(response.text.endsWith('we are all connected through shared human experiences and mutual respect.')).toBe(
      true,
    );
    expect(response.reasoning).toBeUndefined();
    expect(response.toolCalls).toStrictEqual([]);
    expect(response.usage).toStrictEqual({
      inputTokens: 16,
      outputTokens: 300,
      cachedInputTokens: 0,
      reasoningTokens: 0,
    });
    expect(response.finishReason).toBe('stop');
  });

  it('groq-tool-call.chunks.txt: a whole tool call in one fragment, usage on the finishing chunk', async () => {
    const { model } = await setup(streamFixture('groq-tool-call.chunks.txt'));
    expect(await model.generate(request())).toStrictEqual({
      text: '',
      toolCalls: [{ id: 'tk85n1k4m', name: 'weather', argumentsText: '{}' }],
      usage: { inputTokens: 210, outputTokens: 15 },
      finishReason: 'tool-calls',
    });
  });

  it('mistral-incremental-tool-call.chunks.txt: a second fragment with no id and name ""', async () => {
    const { model } = await setup(streamFixture('mistral-incremental-tool-call.chunks.txt'));
    expect(await model.generate(request())).toStrictEqual({
      text: '',
      toolCalls: [
        {
          id: 'chatcmpl-tool-9f149c74c42f265b',
          name: 'webSearchTool',
          argumentsText: '{"query": "current Berlin weather"}',
        },
      ],
      usage: { inputTokens: 171, outputTokens: 14, cachedInputTokens: 128 },
      finishReason: 'tool-calls',
    });
  });

  it('xai-tool-call.chunks.txt: reasoning deltas, then a whole tool call', async () => {
    const { model } = await setup(streamFixture('xai-tool-call.chunks.txt'));
    const response = await model.generate(request());
    expect(response.text).toBe('');
    expect(response.reasoning).toHaveLength(1069);
    expect(response.reasoning).toBe(concatenatedDeltas('xai-tool-call.chunks.txt', 'reasoning_content'));
    expect(response.reasoning?.startsWith('First, the user is asking about the weather in San Francisco.')).toBe(true);
    expect(response.reasoning?.endsWith('but for now, this is the logical next step.')).toBe(true);
    expect(response.toolCalls).toStrictEqual([
      { id: 'call_79382389', name: 'weather', argumentsText: '{"location":"San Francisco"}' },
    ]);
    // xAI leaves reasoning out of completion_tokens (307 + 26 + 227 = total 560): output is 26 + 227.
    expect(response.usage).toStrictEqual({
      inputTokens: 307,
      outputTokens: 253,
      cachedInputTokens: 306,
      reasoningTokens: 227,
    });
    expect(response.finishReason).toBe('tool-calls');
  });
});

describe('openai provider: recorded whole responses (stream: false)', () => {
  it('alibaba-tool-call.json', async () => {
    const { model } = await setup(jsonFixture('alibaba-tool-call.json'), { stream: false });
    expect(await model.generate(request())).toStrictEqual({
      text: '',
      toolCalls: [
        { id: 'call_962bfd2ab8f54b89a1161356', name: 'weather', argumentsText: '{"location": "San Francisco"}' },
      ],
      usage: { inputTokens: 295, outputTokens: 22, cachedInputTokens: 0 },
      finishReason: 'tool-calls',
    });
  });

  it('deepseek-tool-call.json', async () => {
    const { model } = await setup(jsonFixture('deepseek-tool-call.json'), { stream: false });
    expect(await model.generate(request())).toStrictEqual({
      text: '',
      reasoning:
        'The user is asking for the weather in San Francisco. I have a weather tool available that can get weather information for a location. I should use this tool with the location parameter set to "San Francisco". Let me call the weather function.',
      toolCalls: [
        { id: 'call_00_9V0vrf86Pc9aelHCJMZqnJBo', name: 'weather', argumentsText: '{"location": "San Francisco"}' },
      ],
      usage: { inputTokens: 339, outputTokens: 92, cachedInputTokens: 320, reasoningTokens: 48 },
      finishReason: 'tool-calls',
    });
  });

  it('xai-tool-call.json', async () => {
    const { model } = await setup(jsonFixture('xai-tool-call.json'), { stream: false });
    const response = await model.generate(request());
    const fixture = JSON.parse(readFixture('xai-tool-call.json')) as {
      choices: Array<{ message: { reasoning_content: string } }>;
    };
    expect(response.reasoning).toBe(fixture.choices[0]?.message.reasoning_content);
    expect(response.reasoning?.startsWith('First, the user is asking about the weather in San Francisco.')).toBe(true);
    expect(response).toMatchObject({
      text: '',
      toolCalls: [{ id: 'call_46427107', name: 'weather', argumentsText: '{"location":"San Francisco"}' }],
      usage: { inputTokens: 307, outputTokens: 281, cachedInputTokens: 244, reasoningTokens: 255 },
      finishReason: 'tool-calls',
    });
  });

  it('moonshotai-tool-call.json: content null', async () => {
    const { model } = await setup(jsonFixture('moonshotai-tool-call.json'), { stream: false });
    expect(await model.generate(request())).toStrictEqual({
      text: '',
      toolCalls: [{ id: 'call_abc123', name: 'get_weather', argumentsText: '{"city":"Paris"}' }],
      usage: { inputTokens: 30, outputTokens: 12 },
      finishReason: 'tool-calls',
    });
  });
});

describe('openai provider: the request', () => {
  it('sends the converted conversation, tools, usage request, extra body and headers', async () => {
    const { model } = await setup(streamFixture('groq-tool-call.chunks.txt'), {
      headers: { 'X-Title': 'agentbatch tests' },
      extraBody: { enable_thinking: true, top_k: 20 },
    });
    await model.generate(
      request({
        maxOutputTokens: 1000,
        temperature: 0.2,
        messages: [
          { role: 'user', content: 'Weather in SF?' },
          {
            role: 'assistant',
            content: '',
            reasoning: 'Call the weather tool.',
            toolCalls: [{ id: 'call_1', name: 'weather', argumentsText: '{"location":"San Francisco"}' }],
          },
          { role: 'tool', toolCallId: 'call_1', toolName: 'weather', content: 'Sunny' },
          { role: 'assistant', content: 'It is sunny.', reasoning: 'Easy.' },
          { role: 'user', content: 'And tomorrow?' },
        ],
      }),
    );
    const recorded = onlyRequest();
    expect(recorded.method).toBe('POST');
    expect(recorded.path).toBe('/v1/chat/completions');
    expect(recorded.headers.authorization).toBe('Bearer test-key');
    expect(recorded.headers['x-title']).toBe('agentbatch tests');
    expect(recorded.body).toStrictEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'Weather in SF?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
            },
          ],
          reasoning_content: 'Call the weather tool.',
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'assistant', content: 'It is sunny.' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [{ type: 'function', function: weatherTool }],
      max_tokens: 1000,
      temperature: 0.2,
      enable_thinking: true,
      top_k: 20,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('names the output limit max_completion_tokens when told, and leaves out empty tools', async () => {
    const { model } = await setup(streamFixture('openai-text.chunks.txt'), {
      maxTokensParameter: 'max_completion_tokens',
    });
    await model.generate(request({ tools: [], maxOutputTokens: 50 }));
    const body = onlyRequest().body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(50);
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('temperature');
  });

  it('asks for a whole response without stream_options when stream is false', async () => {
    const { model } = await setup(jsonFixture('moonshotai-tool-call.json'), { stream: false });
    await model.generate(request());
    const body = onlyRequest().body as Record<string, unknown>;
    expect(body.stream).toBe(false);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('lets extraBody drop stream_options with null', async () => {
    const { model } = await setup(streamFixture('groq-tool-call.chunks.txt'), { extraBody: { stream_options: null } });
    await model.generate(request());
    const body = onlyRequest().body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('sends a placeholder key to a server that needs none', async () => {
    server = await startSseServer(streamFixture('groq-tool-call.chunks.txt'));
    const model = await createOpenAIModel(
      { type: 'openai', model: 'llama3', baseURL: `${server.url}/v1` },
      { name: 'ollama', configDir: '/tmp' },
    );
    await model.generate(request());
    expect(onlyRequest().headers.authorization).toBe('Bearer not-needed');
  });
});

describe('openai provider: errors', () => {
  it('reasoning-model-legacy-parameter-error.json as a 400: non-retryable, with the server message', async () => {
    const fixture = readFixture('reasoning-model-legacy-parameter-error.json');
    const { model } = await setup((_request, res) => replyWithError(res, 400, fixture, { 'X-Request-Id': 'req_123' }));
    const error = await apiCallError(model.generate(request({ maxOutputTokens: 100 })));
    expect(error.statusCode).toBe(400);
    expect(error.isRetryable).toBe(false);
    expect(error.provider).toBe('openai');
    expect(error.message).toContain(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    );
    expect(error.message).toContain('"local"');
    expect(error.message).toContain('test-model');
    expect(JSON.parse(error.responseBody ?? '')).toStrictEqual(JSON.parse(fixture));
    expect(error.responseHeaders['x-request-id']).toBe('req_123');
    expect(error.responseHeaders['content-type']).toBe('application/json');
  });

  it('a 429 with retry-after is retryable and keeps the headers', async () => {
    const { model } = await setup((_request, res) =>
      replyWithError(
        res,
        429,
        { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } },
        { 'Retry-After': '7', 'x-ratelimit-remaining-requests': '0' },
      ),
    );
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.responseHeaders['retry-after']).toBe('7');
    expect(error.responseHeaders['x-ratelimit-remaining-requests']).toBe('0');
    expect(error.message).toContain('Rate limit reached for requests');
  });

  it('an insufficient_quota 429 is not retryable', async () => {
    const { model } = await setup((_request, res) =>
      replyWithError(res, 429, {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      }),
    );
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('You exceeded your current quota');
  });

  it('a 429 whose message is about the balance is not retryable', async () => {
    const { model } = await setup((_request, res) =>
      replyWithError(res, 429, { error: { message: 'Your account balance is insufficient.', code: 'Arrearage' } }),
    );
    expect((await apiCallError(model.generate(request()))).isRetryable).toBe(false);
  });

  it('401, 403 and 404 are not retryable; 500 with a text body is', async () => {
    for (const status of [401, 403, 404]) {
      const { model } = await setup((_request, res) => replyWithError(res, status, { error: 'nope' }));
      const error = await apiCallError(model.generate(request()));
      expect(error.statusCode).toBe(status);
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain('nope');
      await server?.close();
      server = undefined;
    }
    const { model } = await setup((_request, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBe(502);
    expect(error.isRetryable).toBe(true);
    expect(error.responseBody).toBe('<html>Bad gateway</html>');
    expect(error.message).toContain('<html>Bad gateway</html>');
  });

  it('an error event inside the stream is a retryable APICallError without status', async () => {
    const { model } = await setup((_request, res) =>
      replyWithOpenAIStream(res, [
        fixtureLines('openai-text.chunks.txt')[1] ?? '',
        '{"error":{"message":"Provider disconnected","code":"server_error"}}',
      ]),
    );
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBeUndefined();
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('Provider disconnected');
    expect(JSON.parse(error.responseBody ?? '')).toStrictEqual({
      error: { message: 'Provider disconnected', code: 'server_error' },
    });
  });

  it('a connection dropped mid-stream is a retryable APICallError', async () => {
    const { model } = await setup(async (_request, res) => {
      await replyWithOpenAIStream(res, fixtureLines('openai-text.chunks.txt').slice(0, 3), { end: false, done: false });
      setTimeout(() => res.destroy(), 20);
    });
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBeUndefined();
    expect(error.isRetryable).toBe(true);
  });

  it('a refused connection is a retryable APICallError', async () => {
    const { model, server: started } = await setup(() => {});
    await started.close();
    server = undefined;
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBeUndefined();
    expect(error.isRetryable).toBe(true);
    expect(error.message).toBe(
      `openai provider "local": could not connect to ${started.url}/v1/chat/completions: connection refused (ECONNREFUSED)`,
    );
    expect(error).toMatchObject({ kind: 'connection', url: `${started.url}/v1/chat/completions` });
  });

  it('no response within timeoutMs is a retryable APICallError', async () => {
    const { model } = await setup(() => {}, { timeoutMs: 200 });
    const error = await apiCallError(model.generate(request()));
    expect(error.statusCode).toBeUndefined();
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('200 ms');
  });
});

describe('openai provider: aborts', () => {
  it('an abort mid-stream rejects promptly with the abort and stops the HTTP request', async () => {
    let midStream!: () => void;
    const streaming = new Promise<void>((resolve) => {
      midStream = resolve;
    });
    let disconnected!: () => void;
    const closed = new Promise<void>((resolve) => {
      disconnected = resolve;
    });
    const { model } = await setup((_request, res) => {
      res.on('close', disconnected);
      // 302 events 10 ms apart: about 3 s in all; the abort comes well inside it.
      void replyWithOpenAIStream(res, fixtureLines('openai-text.chunks.txt'), { delayMs: 10 });
      setTimeout(midStream, 200);
    });
    const controller = new AbortController();
    const pending = model.generate(request({ signal: controller.signal }));
    await streaming;
    const abortedAt = Date.now();
    controller.abort();
    const error = await rejection(pending);
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(APICallError.isInstance(error)).toBe(false);
    await closed;
  });

  it('an abort before the response rejects with the signal reason', async () => {
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    const { model } = await setup(() => received());
    const controller = new AbortController();
    const pending = model.generate(request({ signal: controller.signal }));
    await arrived;
    const reason = new Error('run cancelled');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
  });

  it('an already aborted signal rejects without sending a request', async () => {
    const { model, server: started } = await setup(streamFixture('groq-tool-call.chunks.txt'));
    const error = await rejection(model.generate(request({ signal: AbortSignal.abort() })));
    expect((error as DOMException).name).toBe('AbortError');
    expect(started.requests).toHaveLength(0);
  });
});

describe('openai provider: a server without usage', () => {
  it('reports zero counts', async () => {
    const withoutUsage = fixtureLines('deepseek-reasoning.chunks.txt').map((line) => {
      const chunk = JSON.parse(line) as Record<string, unknown>;
      delete chunk.usage;
      return JSON.stringify(chunk);
    });
    const { model } = await setup((_request, res) => replyWithOpenAIStream(res, withoutUsage));
    const response = await model.generate(request({ tools: [] }));
    expect(response.text).toBe('The word "strawberry" contains three "r"s.');
    expect(response.usage).toStrictEqual({ inputTokens: 0, outputTokens: 0 });
    expect(response.finishReason).toBe('stop');
  });
});

describe('openai provider: options', () => {
  it('is the default export, with provider and model id', async () => {
    expect(createOpenAIModelDefault).toBe(createOpenAIModel);
    const model = await createOpenAIModel(
      { type: 'openai', model: 'deepseek-chat', baseURL: 'https://api.deepseek.com/v1', apiKey: 'k' },
      { name: 'deepseek', configDir: '/tmp' },
    );
    expect(model.specificationVersion).toBe('v1');
    expect(model.provider).toBe('openai');
    expect(model.modelId).toBe('deepseek-chat');
  });

  it('applies defaults, and refuses keys it does not know (core keeps rpm, pricing… to itself)', () => {
    expect(openaiOptionsSchema.parse({ type: 'openai', model: 'gpt-4.1' })).toStrictEqual({
      type: 'openai',
      model: 'gpt-4.1',
      stream: true,
      maxTokensParameter: 'max_tokens',
    });
    const misspelt = openaiOptionsSchema.safeParse({ type: 'openai', model: 'gpt-4.1', baseUrl: 'http://x' });
    expect(misspelt.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['baseUrl'] });
  });

  it('rejects invalid options with the provider name', () => {
    expect(() =>
      createOpenAIModel(
        { type: 'openai', model: '', maxTokensParameter: 'tokens' },
        { name: 'bad', configDir: '/tmp' },
      ),
    ).toThrow(/provider "bad".*\n.*model/s);
  });
});
