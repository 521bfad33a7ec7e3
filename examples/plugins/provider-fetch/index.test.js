import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { APICallError } from '@agentbatch/core';
import createProvider, { optionsSchema } from './index.js';

/** A chat-completions server that answers from `next`, keeping what it was sent. */
let next = { status: 200, body: '' };
const received = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push({ url: request.url, authorization: request.headers.authorization, body: JSON.parse(body) });
    response.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
  });
});
let baseURL;
before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${server.address().port}/v1/`;
});
after(() => server.close());

const model = () =>
  createProvider(optionsSchema.parse({ type: 'agentbatch-provider-fetch', model: 'm1', baseURL, apiKey: 'k' }), {
    name: 'local',
    configDir: '.',
  });

const request = (messages) => ({
  system: 'You write code.',
  messages,
  tools: [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }],
  signal: new AbortController().signal,
  maxOutputTokens: 100,
});

describe('agentbatch-provider-fetch', () => {
  it('sends the conversation and tools in the wire format and returns text, tool calls and the usage reported', async () => {
    next = {
      status: 200,
      body: JSON.stringify({
        choices: [
          {
            finish_reason: 'tool_calls',
            message: {
              content: 'Reading.',
              tool_calls: [{ id: 'c2', function: { name: 'read_file', arguments: '{"path":"b"}' } }],
            },
          },
        ],
        usage: { prompt_tokens: 120, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 100 } },
      }),
    };
    const response = await model().generate(
      request([
        { role: 'user', content: 'Fix it.' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', argumentsText: '{"path":"a"}' }] },
        { role: 'tool', toolCallId: 'c1', toolName: 'read_file', content: 'contents' },
      ]),
    );
    assert.deepEqual(response, {
      text: 'Reading.',
      toolCalls: [{ id: 'c2', name: 'read_file', argumentsText: '{"path":"b"}' }],
      usage: { inputTokens: 120, outputTokens: 7, cachedInputTokens: 100, reasoningTokens: 0 },
      finishReason: 'tool-calls',
    });
    const sent = received.at(-1);
    assert.equal(sent.url, '/v1/chat/completions');
    assert.equal(sent.authorization, 'Bearer k');
    assert.equal(sent.body.model, 'm1');
    assert.equal(sent.body.max_tokens, 100);
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'You write code.' },
      { role: 'user', content: 'Fix it.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'contents' },
    ]);
    assert.equal(sent.body.tools[0].function.name, 'read_file');
  });

  it('turns a rate limit into a retryable APICallError with its status and headers', async () => {
    next = { status: 429, body: '{"error":"slow down"}' };
    const error = await model()
      .generate(request([{ role: 'user', content: 'Hi' }]))
      .catch((caught) => caught);
    assert.ok(APICallError.isInstance(error));
    assert.equal(error.statusCode, 429);
    assert.equal(error.isRetryable, true);
    assert.equal(error.responseHeaders['content-type'], 'application/json');
  });

  it('says when the server does not speak the API (a wrong baseURL), without retrying', async () => {
    next = { status: 200, body: '<html>Welcome</html>' };
    const error = await model()
      .generate(request([{ role: 'user', content: 'Hi' }]))
      .catch((caught) => caught);
    assert.equal(error.kind, 'invalid-response');
    assert.equal(error.isRetryable, false);
  });

  it('refuses a misspelt option', () => {
    const parsed = optionsSchema.safeParse({ type: 't', model: 'm', baseURL, apiKye: 'k' });
    assert.equal(parsed.success, false);
  });
});
