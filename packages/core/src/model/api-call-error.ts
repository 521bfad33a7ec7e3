const marker = Symbol.for('agentbatch.error.APICallError');

export interface APICallErrorOptions {
  message: string;
  provider: string;
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  /** Defaults to true for 408, 409, 429, 5xx (529 included) and for requests that got no response. */
  isRetryable?: boolean;
  /** The request's full URL, when known: messages about an unreachable server name it whole. */
  url?: string;
  /** What kind of failure this is, when it points at a wrong `baseURL` rather than at one call; see `APICallFailureKind`. */
  kind?: APICallFailureKind;
  cause?: unknown;
}

/**
 * Failures that usually mean the provider's `baseURL` is wrong, set by provider plugins:
 * `connection` — no connection could be made (refused, unknown host, an invalid URL);
 * `invalid-response` — the server answered, but not as the API does (an HTML page, no `choices`,
 * no message). Core halts a provider whose calls keep failing this way.
 */
export type APICallFailureKind = 'connection' | 'invalid-response';

/**
 * A failed call to a model API, as data: retry logic reads `isRetryable` and the headers, never the
 * message text. `APICallError.isInstance` works across duplicate copies of this package.
 */
export class APICallError extends Error {
  readonly [marker] = true;
  readonly provider: string;
  readonly statusCode: number | undefined;
  readonly responseHeaders: Record<string, string>;
  readonly responseBody: string | undefined;
  readonly isRetryable: boolean;
  readonly url: string | undefined;
  readonly kind: APICallFailureKind | undefined;

  constructor(options: APICallErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'APICallError';
    this.provider = options.provider;
    this.statusCode = options.statusCode;
    this.responseHeaders = options.responseHeaders ?? {};
    this.responseBody = options.responseBody;
    this.isRetryable = options.isRetryable ?? isRetryableStatus(options.statusCode);
    this.url = options.url;
    this.kind = options.kind;
  }

  static isInstance(error: unknown): error is APICallError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

export function isRetryableStatus(statusCode: number | undefined): boolean {
  if (statusCode === undefined) return true;
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}
