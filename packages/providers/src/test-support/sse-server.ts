/**
 * A tiny local HTTP server for provider tests: requests go through the real SDKs and the real
 * network stack, and the server replays recorded wire data (see `../__fixtures__/NOTICE.md`).
 *
 * ```ts
 * const server = await startSseServer((request, res) => replyWithOpenAIStream(res, fixtureLines('x.chunks.txt')));
 * // ... point the SDK at `${server.url}/v1`, then inspect `server.requests` ...
 * await server.close();
 * ```
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received; `body` is the parsed JSON, the raw text if not JSON, or `undefined` if empty. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Node's incoming headers: names are lowercase. */
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Answers one request. It may reply asynchronously; a thrown error becomes a 500 response. */
export type SseHandler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface SseServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
  /** Stops the server, cutting any response still open. */
  close(): Promise<void>;
}

export interface ReplyOptions {
  /** HTTP status; 200 unless told. */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface StreamReplyOptions extends ReplyOptions {
  /** Pause between events, in milliseconds (0: write everything at once). */
  delayMs?: number;
  /** End the response after the last event; `false` keeps it open (to test aborts). Default true. */
  end?: boolean;
}

export interface OpenAIStreamReplyOptions extends StreamReplyOptions {
  /** Send the final `data: [DONE]` event. Default true. */
  done?: boolean;
}

/** Starts a server on 127.0.0.1 on a free port. */
export async function startSseServer(handler: SseHandler): Promise<SseServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: parseBody(Buffer.concat(chunks).toString('utf8')),
      };
      requests.push(request);
      Promise.resolve()
        .then(() => handler(request, res))
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`test handler failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Starts an SSE response: status 200 (unless told) and `content-type: text/event-stream`. */
export function openSseStream(res: ServerResponse, options: ReplyOptions = {}): void {
  res.writeHead(options.status ?? 200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...options.headers,
  });
  res.flushHeaders();
}

/** Writes one server-sent event: `event: <event>\n` (if given), then `data: <data>\n\n`. */
export function writeSseEvent(res: ServerResponse, data: string, event?: string): void {
  res.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`);
}

/**
 * Replies with an OpenAI-style stream: each line as `data: <line>\n\n`, then `data: [DONE]\n\n`.
 * Resolves once everything is written.
 */
export async function replyWithOpenAIStream(
  res: ServerResponse,
  lines: readonly string[],
  options: OpenAIStreamReplyOptions = {},
): Promise<void> {
  const events = lines.map((data) => ({ data }));
  if (options.done ?? true) events.push({ data: '[DONE]' });
  await writeStream(res, events, options);
}

/**
 * Replies with an Anthropic-style stream: each line as `event: <type>\ndata: <line>\n\n`, where
 * `<type>` is the line's JSON `type` field. Resolves once everything is written.
 */
export async function replyWithAnthropicStream(
  res: ServerResponse,
  lines: readonly string[],
  options: StreamReplyOptions = {},
): Promise<void> {
  const events = lines.map((data) => {
    const parsed: unknown = JSON.parse(data);
    const type =
      typeof parsed === 'object' && parsed !== null && 'type' in parsed && typeof parsed.type === 'string'
        ? parsed.type
        : undefined;
    if (type === undefined) throw new Error(`Anthropic stream line has no "type": ${data}`);
    return { event: type, data };
  });
  await writeStream(res, events, options);
}

/** Replies with a JSON body: a string is sent as is (e.g. a fixture's text), anything else is serialized. */
export function replyWithJson(res: ServerResponse, body: unknown, options: ReplyOptions = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(options.status ?? 200, { 'content-type': 'application/json', ...options.headers });
  res.end(text);
}

/** Replies with an error status, a JSON body (string sent as is) and optional headers such as `retry-after`. */
export function replyWithError(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  replyWithJson(res, body, { status, headers });
}

/** The text of a file in `src/__fixtures__`. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** The non-empty lines of a fixture, e.g. the SSE data payloads of a `*.chunks.txt` file. */
export function fixtureLines(name: string): string[] {
  return readFixture(name)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}

async function writeStream(
  res: ServerResponse,
  events: ReadonlyArray<{ data: string; event?: string }>,
  options: StreamReplyOptions,
): Promise<void> {
  openSseStream(res, options);
  for (const { data, event } of events) {
    if (res.destroyed) return;
    writeSseEvent(res, data, event);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  }
  if (options.end ?? true) res.end();
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
