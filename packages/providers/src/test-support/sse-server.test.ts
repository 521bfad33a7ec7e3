import { afterEach, describe, expect, it } from 'vitest';
import {
  fixtureLines,
  readFixture,
  replyWithAnthropicStream,
  replyWithError,
  replyWithJson,
  replyWithOpenAIStream,
  type SseServer,
  startSseServer,
} from './sse-server.js';

let server: SseServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startSseServer', () => {
  it('records requests and replies with an OpenAI-style stream', async () => {
    server = await startSseServer((_request, res) => replyWithOpenAIStream(res, ['{"a":1}', '{"b":2}']));
    const response = await fetch(`${server.url}/v1/chat?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat?x=1',
      headers: { 'x-test': 'yes' },
      body: { hello: 'world' },
    });
  });

  it('replies with an Anthropic-style stream named by each line type', async () => {
    server = await startSseServer((_request, res) =>
      replyWithAnthropicStream(res, ['{"type":"message_start"}', '{"type":"ping"}']),
    );
    const response = await fetch(server.url);
    expect(await response.text()).toBe(
      'event: message_start\ndata: {"type":"message_start"}\n\nevent: ping\ndata: {"type":"ping"}\n\n',
    );
  });

  it('replies with JSON and with errors carrying headers', async () => {
    server = await startSseServer((request, res) => {
      if (request.path === '/ok') replyWithJson(res, { ok: true });
      else replyWithError(res, 429, '{"error":"slow down"}', { 'retry-after': '3' });
    });
    const ok = await fetch(`${server.url}/ok`);
    expect(await ok.json()).toEqual({ ok: true });
    const failed = await fetch(`${server.url}/fail`);
    expect(failed.status).toBe(429);
    expect(failed.headers.get('retry-after')).toBe('3');
    expect(await failed.text()).toBe('{"error":"slow down"}');
  });

  it('turns a failing handler into a 500', async () => {
    server = await startSseServer(() => {
      throw new Error('boom');
    });
    const response = await fetch(server.url);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('boom');
  });

  it('closes even with a response still open', async () => {
    server = await startSseServer((_request, res) => replyWithOpenAIStream(res, ['{}'], { end: false }));
    const response = await fetch(server.url);
    const reader = response.body?.getReader();
    await reader?.read();
    await server.close();
    server = undefined;
    await expect(reader?.read()).rejects.toThrow();
  });
});

describe('fixtures', () => {
  it('reads fixture files and their non-empty lines', () => {
    expect(readFixture('NOTICE.md')).toContain('Recorded provider responses');
    const lines = fixtureLines('alibaba-tool-call.chunks.txt');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
