import { nodeHttpFetch } from './node-http-fetch.js';

/**
 * What a server sent instead of an API reply: a 2xx whose body is neither JSON nor an event stream,
 * typically the HTML page of a web server behind a base URL that misses `/v1`. Thrown by `apiFetch`
 * from inside the SDK's fetch, so it reaches the provider as the cause of a connection error.
 */
export class NotAnAPIResponseError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly contentType: string,
    readonly body: string,
  ) {
    // The SDKs take a connection error whose text says "timed out" for a timeout: the body stays out of it.
    super(`HTTP ${status} with content-type ${contentType || '(none)'}`);
    this.name = 'NotAnAPIResponseError';
  }
}

/**
 * `fetch` for the SDKs' clients: a successful response whose body is not JSON or an event stream
 * fails with `NotAnAPIResponseError` instead of reaching the SDK, which would hand the text on as
 * if it were the model's reply (an empty one).
 */
export const apiFetch: typeof fetch = async (input, init) => {
  const response = await nodeHttpFetch(input, init);
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok || /json|event-stream/i.test(contentType)) return response;
  const body = await response.text();
  // Some servers label JSON or a stream as text/plain: let what looks like one through.
  if (/^\s*[[{]/.test(body) || /^(data|event):/m.test(body)) {
    const headers = new Headers(response.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  }
  throw new NotAnAPIResponseError(response.url || requestURL(input), response.status, contentType, body);
};

function requestURL(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** The start of what a server sent, on one line, for an error message: `"<!DOCTYPE html><html>…"`. */
export function quoteStart(text: string, length = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(an empty body)';
  return `"${flat.length > length ? `${flat.slice(0, length)}…` : flat}"`;
}

/** The error of this class in `error`'s cause chain, if any. */
export function findCause<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 6; current = current.cause, depth++) {
    if (current instanceof type) return current;
  }
  return undefined;
}
