import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from './node-http-fetch.js';

let server: Server | undefined;
let connections = 0;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(listener: RequestListener): Promise<string> {
  connections = 0;
  server = createServer(listener);
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readAll(body: AsyncIterable<Uint8Array> | null): Promise<string> {
  let text = '';
  for await (const chunk of body as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString('utf8');
  return text;
}

describe('nodeHttpFetch', () => {
  it('sends the method, headers and JSON body, and returns status, headers and text', async () => {
    let received: { method?: string; auth?: string; type?: string; length?: string; body: string } = { body: '' };
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received = {
          method: request.method,
          auth: request.headers.authorization,
          type: request.headers['content-type'],
          length: request.headers['content-length'],
          body,
        };
        response.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r1' });
        response.end('{"ok":true,"text":"héllo"}');
      });
    });
    const body = JSON.stringify({ prompt: 'héllo' });
    const response = await nodeHttpFetch(`${url}/v1/chat`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' }),
      body,
    });
    expect(received).toEqual({
      method: 'POST',
      auth: 'Bearer k',
      type: 'application/json',
      length: String(Buffer.byteLength(body)),
      body,
    });
    expect(response).toMatchObject({ status: 201, ok: true, url: `${url}/v1/chat` });
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(await response.json()).toEqual({ ok: true, text: 'héllo' });
  });

  it('hands out a streamed body as it arrives, and keeps the connection for the next call', async () => {
    let release: () => void = () => undefined;
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      release = () => response.end('data: two\n\n');
    });
    const response = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
    const iterator = (response.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(Buffer.from(first.value as Uint8Array).toString()).toBe('data: one\n\n');
    release();
    const rest = await readAll({ [Symbol.asyncIterator]: () => iterator });
    expect(rest).toBe('data: two\n\n');
    const again = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
    const next = readAll(again.body as unknown as AsyncIterable<Uint8Array>);
    release();
    await next;
    expect(connections).toBe(1);
  });

  it('an abort before the response rejects with the reason and closes the connection', async () => {
    let closed = false;
    const url = await serve((request) => {
      request.socket.on('close', () => {
        closed = true;
      });
    });
    const controller = new AbortController();
    const pending = nodeHttpFetch(url, { method: 'POST', body: '{}', signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => closed).toBe(true);
    await expect(nodeHttpFetch(url, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('an abort mid-body ends the iteration with the reason and closes the connection', async () => {
    let closed = false;
    const url = await serve((request, response) => {
      request.socket.on('close', () => {
        closed = true;
      });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
    });
    const controller = new AbortController();
    const response = await nodeHttpFetch(url, { method: 'POST', body: '{}', signal: controller.signal });
    const reading = readAll(response.body as unknown as AsyncIterable<Uint8Array>);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('stopped by the user'));
    await expect(reading).rejects.toThrow('stopped by the user');
    await expect.poll(() => closed).toBe(true);
  });

  it('fails like fetch: "fetch failed" with the system error, "terminated" for a cut-off body', async () => {
    const refusedURL = await serve(() => undefined);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const refused = await nodeHttpFetch(refusedURL, { method: 'POST', body: '{}' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(refused).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });

    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const response = await nodeHttpFetch(url, { method: 'POST', body: '{}' });
    const cut = await response.text().catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(TypeError);
    expect(cut).toMatchObject({ message: 'terminated' });

    const scheme = await nodeHttpFetch('ftp://127.0.0.1/x').catch((error: unknown) => error);
    expect(scheme).toMatchObject({ message: 'fetch failed', cause: { message: 'unknown scheme' } });
  });

  it('decodes a gzip-encoded body, and follows a redirect', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/old') {
        response.writeHead(307, { location: '/new' });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify({ at: request.url, method: request.method })));
    });
    const direct = await nodeHttpFetch(`${url}/new`, { method: 'POST', body: '{}' });
    expect(await direct.json()).toEqual({ at: '/new', method: 'POST' });
    const redirected = await nodeHttpFetch(`${url}/old`, { method: 'POST', body: '{}' });
    expect(await redirected.json()).toEqual({ at: '/new', method: 'POST' });
  });
});
