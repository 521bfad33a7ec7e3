import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * How long a streamed response may stay silent before it counts as dropped: undici's `bodyTimeout`,
 * which `fetch` applied before. A model that thinks for minutes still sends keep-alive comments.
 */
const bodyTimeoutMs = 300_000;

/** Connections are kept open between a task's calls; an idle one closes as the server's `Keep-Alive` hint says. */
const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * `fetch` for the SDKs' clients on `node:http`. The global `fetch` turns every response into web
 * streams and every request into a chain of promises: at 500 calls a second that was a third of
 * the engine's CPU. This one sends the SDKs' requests (a JSON text body) on a kept-alive agent and
 * hands back a response whose body is the socket's own stream, which both SDKs read as an async
 * iterable. What it does not cover — a body that is not text or bytes, a redirect — goes to the
 * global `fetch`, which behaves as before. Failures look like `fetch`'s own: `TypeError('fetch
 * failed')` with the system error as its cause, `TypeError('terminated')` for a response cut
 * off, and the signal's reason for an abort.
 */
export const nodeHttpFetch: typeof fetch = (input, init = {}) => {
  const body = init.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))
    return fetch(input, init);
  const url = new URL(requestURL(input));
  const signal = init.signal ?? undefined;
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.reject(new TypeError('fetch failed', { cause: new Error('unknown scheme') }));
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<Response>((resolve, reject) => {
    const options: RequestOptions = {
      method: init.method ?? 'GET',
      headers: plainHeaders(init.headers, body),
      agent: agents[url.protocol as 'http:' | 'https:'],
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, options, (response) => {
      const status = response.statusCode ?? 0;
      if (redirectStatuses.has(status) && response.headers.location && init.redirect !== 'manual') {
        // Rare for an API: let `fetch` follow it as the spec says (which method, which body).
        response.resume();
        signal?.removeEventListener('abort', onAbort);
        resolve(fetch(input, init));
        return;
      }
      response.setTimeout(bodyTimeoutMs, () =>
        response.destroy(new Error(`no data for ${bodyTimeoutMs / 1000} s from ${url.origin}`)),
      );
      response.once('close', () => signal?.removeEventListener('abort', onAbort));
      resolve(new NodeHttpResponse(url.href, response, signal) as unknown as Response);
    });
    const onAbort = () => {
      request.destroy(signal?.reason);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    });
    request.end(body ?? undefined);
  });
};

/**
 * The part of `Response` the SDKs use: status, headers, url, the body as an async iterable of
 * bytes, `text()` and `json()`.
 */
class NodeHttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly body: AsyncIterable<Uint8Array>;
  readonly redirected = false;
  readonly type = 'basic';

  constructor(
    readonly url: string,
    response: IncomingMessage,
    signal: AbortSignal | undefined,
  ) {
    this.status = response.statusCode ?? 0;
    this.statusText = response.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new Headers();
    const raw = response.rawHeaders;
    for (let index = 0; index < raw.length; index += 2) this.headers.append(raw[index] ?? '', raw[index + 1] ?? '');
    this.body = readBody(decoded(response), signal);
  }

  async text(): Promise<string> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.body) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** The body's bytes; a response cut off fails as `fetch`'s does, with `TypeError('terminated')`. */
async function* readBody(stream: Readable, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new TypeError('terminated', { cause: error });
  } finally {
    // Stopped early (an abort, a consumer that gave up): the connection cannot be reused.
    if (!stream.readableEnded) stream.destroy();
  }
}

/** The body without its content encoding. Servers rarely compress (nothing asks them to), but some do. */
function decoded(response: IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (decoder === undefined) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

function plainHeaders(headers: RequestInit['headers'], body: string | Uint8Array | null | undefined) {
  const plain: Record<string, string> = {};
  // The SDKs pass a `Headers`: read it as it is rather than copy it into another.
  (headers instanceof Headers ? headers : new Headers(headers)).forEach((value, name) => {
    plain[name] = value;
  });
  if (body !== undefined && body !== null)
    plain['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  return plain;
}

function requestURL(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}
