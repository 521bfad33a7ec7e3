import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A fault the proxy injects at random instead of forwarding a request. */
export type FaultKind =
  /** 429 with Retry-After, as a server under load sends. */
  | 'rate-limit'
  /** 500 with an error body. */
  | 'server-error'
  /** The connection closes before any response header. */
  | 'drop-before-headers'
  /** A 200 stream starts, then the connection closes mid-answer. */
  | 'drop-after-headers'
  /** No answer at all, until the client gives up. */
  | 'stall';

/** What became of one request. */
export type ProxyOutcome = FaultKind | 'forwarded' | 'over-window' | 'rejected';

export interface FaultProxyOptions {
  /** The server behind the proxy: a base URL such as the scripted model server's `…/v1`. */
  target: string;
  /** Seeds the generator that picks faults, so that a run's sequence of faults is reproducible. */
  seed?: number;
  /** A server-enforced limit: at most `requests` forwarded in any `windowMs` (sliding); beyond it 429 + Retry-After. */
  rateLimit?: { requests: number; windowMs: number };
  /** The chance of each fault per request that is within the rate limit. */
  faults?: Partial<Record<FaultKind, number>>;
  /** The Retry-After of random 429s (default 200 ms). */
  retryAfterMs?: number;
  /** Answers every request with this status and JSON body, e.g. a 401 for a bad key. */
  reject?: { status: number; body: unknown };
}

export interface FaultProxy {
  /** The target's URL with the proxy's origin: give it to the client instead. */
  url: string;
  /** Every request's fate, in order of arrival, with its time (epoch ms). */
  log: Array<{ outcome: ProxyOutcome; at: number }>;
  count(outcome: ProxyOutcome): number;
  close(): Promise<void>;
}

const faultKinds: FaultKind[] = ['rate-limit', 'server-error', 'drop-before-headers', 'drop-after-headers', 'stall'];

/**
 * An HTTP proxy in front of a model server that makes it behave like a real one under load:
 * it enforces a requests-per-window limit with 429s, and injects random 429s, 500s, dropped
 * connections and stalls. Every fault is made by the proxy itself, without forwarding the request,
 * so the server behind it counts (and bills) exactly the calls whose answers reach the client.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = mulberry32(options.seed ?? 1);
  const log: FaultProxy['log'] = [];
  const forwardedAt: number[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    const now = Date.now();
    const outcome = decide(now);
    log.push({ outcome, at: now });
    switch (outcome) {
      case 'forwarded':
        return relay(request, response);
      case 'rejected':
        return sendJson(response, options.reject?.status ?? 500, options.reject?.body ?? {});
      case 'over-window':
        return tooManyRequests(response, windowWaitMs(now), 'Rate limit reached for requests per minute');
      case 'rate-limit':
        return tooManyRequests(response, options.retryAfterMs ?? 200, 'The server is busy; slow down');
      case 'server-error':
        return sendJson(response, 500, {
          error: { message: 'The server had an error while processing your request', type: 'server_error' },
        });
      case 'drop-before-headers':
        return request.socket.destroy();
      case 'drop-after-headers':
        return dropMidStream(response);
      case 'stall':
        return;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function decide(now: number): ProxyOutcome {
    if (options.reject) return 'rejected';
    const limit = options.rateLimit;
    if (limit) {
      while ((forwardedAt[0] ?? now) <= now - limit.windowMs) forwardedAt.shift();
      if (forwardedAt.length >= limit.requests) return 'over-window';
    }
    let roll = random();
    for (const kind of faultKinds) {
      roll -= options.faults?.[kind] ?? 0;
      if (roll < 0) return kind;
    }
    forwardedAt.push(now);
    return 'forwarded';
  }

  /** Until the oldest request in the window leaves it. */
  function windowWaitMs(now: number): number {
    return Math.max(1, (forwardedAt[0] ?? now) + (options.rateLimit?.windowMs ?? 0) - now);
  }

  function relay(request: IncomingMessage, response: ServerResponse) {
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}`,
    log,
    count: (outcome) => log.filter((entry) => entry.outcome === outcome).length,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function tooManyRequests(response: ServerResponse, waitMs: number, message: string) {
  response.writeHead(429, {
    'content-type': 'application/json',
    'retry-after-ms': String(Math.ceil(waitMs)),
    'retry-after': String(Math.ceil(waitMs / 1000)),
  });
  response.end(JSON.stringify({ error: { message, type: 'requests', code: 'rate_limit_exceeded' } }));
}

function dropMidStream(response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = {
    id: 'chatcmpl-dropped',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'scripted',
    choices: [{ index: 0, delta: { role: 'assistant', content: 'Let me' }, finish_reason: null }],
  };
  response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  setTimeout(() => response.socket?.destroy(), 10);
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A small seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
