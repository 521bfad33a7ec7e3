import type { ServerResponse } from 'node:http';
import { APICallError, type LanguageModel, type ModelRequest } from '@agentbatch/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicModel } from '../anthropic/anthropic-provider.js';
import { createOpenAIModel } from '../openai/openai-provider.js';
import { replyWithJson, type SseServer, startSseServer } from '../test-support/sse-server.js';

/** Servers that answer 200 with something other than the API's reply, as a wrong base URL does. */

let server: SseServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const htmlPage = '<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head><body>It works</body></html>';

function replyWithHtml(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(htmlPage);
}

function replyWithEmptyStream(res: ServerResponse, lines: string[] = []) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(lines.map((line) => `data: ${line}\n\n`).join(''));
}

const request = (): ModelRequest => ({
  system: 's',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  signal: new AbortController().signal,
});

async function failure(model: LanguageModel): Promise<APICallError> {
  const error = await model.generate(request()).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!APICallError.isInstance(error)) throw new Error(`expected an APICallError, got ${String(error)}`);
  return error;
}

type Reply = (res: ServerResponse) => void;

async function openai(reply: Reply, stream: boolean): Promise<LanguageModel> {
  server = await startSseServer((_request, res) => reply(res));
  return createOpenAIModel(
    { type: 'openai', model: 'm', baseURL: `${server.url}/v1`, apiKey: 'k', stream },
    { name: 'local', configDir: '/tmp' },
  );
}

async function anthropic(reply: Reply, stream: boolean): Promise<LanguageModel> {
  server = await startSseServer((_request, res) => reply(res));
  return createAnthropicModel(
    { type: 'anthropic', model: 'm', baseURL: server.url, apiKey: 'k', stream },
    { name: 'claude', configDir: '/tmp' },
  );
}

describe('openai provider: a 200 that is not a chat completion is a retryable invalid-response error', () => {
  it.each([
    ['an HTML page, streamed', replyWithHtml, true, 'content-type text/html', '"<!DOCTYPE html> <html><head>'],
    ['an HTML page, whole', replyWithHtml, false, 'content-type text/html', '"<!DOCTYPE html>'],
    [
      'choices: []',
      (res: ServerResponse) => replyWithJson(res, { id: 'x', choices: [] }),
      false,
      'choices: []',
      '{"id":"x","choices":[]}',
    ],
    ['no choices', (res: ServerResponse) => replyWithJson(res, { id: 'x' }), false, 'no choices', '"{"id":"x"}"'],
    [
      'a choice with no message',
      (res: ServerResponse) => replyWithJson(res, { choices: [{ index: 0, finish_reason: 'stop' }] }),
      false,
      'a choice with no message',
      'finish_reason',
    ],
    [
      'a stream of chunks without choices',
      (res: ServerResponse) => replyWithEmptyStream(res, ['{"id":"x","choices":[]}', '[DONE]']),
      true,
      'a stream with no choice in it',
      '"{"id":"x","choices":[]}"',
    ],
    [
      'an empty stream',
      (res: ServerResponse) => replyWithEmptyStream(res),
      true,
      'a stream with no choice',
      '(an empty body)',
    ],
  ] as const)('%s', async (_name, reply, stream, what, quoted) => {
    const model = await openai(reply, stream);
    const error = await failure(model);
    expect(error).toMatchObject({ kind: 'invalid-response', isRetryable: true, statusCode: 200 });
    expect(error.url).toBe(`${server?.url}/v1/chat/completions`);
    expect(error.message).toContain(`${server?.url}/v1/chat/completions sent something that is not a chat completion`);
    expect(error.message).toContain(what);
    expect(error.message).toContain(quoted);
  });
});

describe('anthropic provider: a 200 that is not a Messages reply is a retryable invalid-response error', () => {
  it.each([
    ['an HTML page, streamed', replyWithHtml, true, 'content-type text/html'],
    ['an HTML page, whole', replyWithHtml, false, 'content-type text/html'],
    [
      'a message with no content',
      (res: ServerResponse) => replyWithJson(res, { id: 'msg', type: 'message' }),
      false,
      'no content',
    ],
    ['an empty stream', (res: ServerResponse) => replyWithEmptyStream(res), true, 'a stream with no events'],
  ] as const)('%s', async (_name, reply, stream, what) => {
    const model = await anthropic(reply, stream);
    const error = await failure(model);
    expect(error).toMatchObject({ kind: 'invalid-response', isRetryable: true, statusCode: 200 });
    expect(error.message).toContain(`${server?.url}/v1/messages sent something that is not a Messages API reply`);
    expect(error.message).toContain(what);
  });
});

describe('a base URL that cannot be fetched', () => {
  it.each([
    ['openai', 'localhost:8080/v1', 'the URL does not start with http:// or https://'],
    ['openai', 'http://[::1/v1', 'invalid URL'],
    ['anthropic', 'ftp://example.com', 'the URL does not start with http:// or https://'],
  ] as const)('%s at %s fails at once, not retryable: %s', async (type, baseURL, reason) => {
    const create = type === 'openai' ? createOpenAIModel : createAnthropicModel;
    const model = await create({ type, model: 'm', baseURL, apiKey: 'k' }, { name: 'p', configDir: '/tmp' });
    const error = await failure(model);
    expect(error).toMatchObject({ kind: 'connection', isRetryable: false });
    expect(error.message).toContain(reason);
  });
});
