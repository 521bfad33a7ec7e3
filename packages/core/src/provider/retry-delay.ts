import { APICallError } from '../model/api-call-error.js';

export interface BackoffOptions {
  /** First delay, before jitter. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultBackoff: BackoffOptions = { initialDelayMs: 1000, maxDelayMs: 60_000 };

/**
 * How long to wait before attempt `attempt + 1`. The server's own `retry-after-ms` or
 * `retry-after` (seconds or an HTTP date) wins; otherwise exponential backoff with jitter
 * (between half and all of the doubled delay), so that many tasks hit by the same failure do not
 * come back in lockstep.
 */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  options: BackoffOptions = defaultBackoff,
  random = Math.random,
): number {
  const serverDelay = APICallError.isInstance(error) ? retryAfterMs(error.responseHeaders) : undefined;
  if (serverDelay !== undefined) return Math.min(serverDelay, options.maxDelayMs * 5);
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function retryAfterMs(headers: Record<string, string>): number | undefined {
  const milliseconds = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\s*[-+.\d]/.test(value)) {
    const seconds = Number(value.trim());
    return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  }
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  return undefined;
}

/** A server over its rate limit or capacity (429, 503, Anthropic's 529): the whole provider should slow down. */
export function isOverloaded(error: APICallError): boolean {
  const status = error.statusCode;
  return error.isRetryable && (status === 429 || status === 503 || status === 529);
}
