const marker = Symbol.for('agentbatch.error.APICallError');

export interface APICallErrorOptions {
  message: string;
  provider: string;
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  /** Defaults to true for 408, 409, 429, 5xx (529 included) and for requests that got no response. */
  isRetryable?: boolean;
  cause?: unknown;
}

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

  constructor(options: APICallErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'APICallError';
    this.provider = options.provider;
    this.statusCode = options.statusCode;
    this.responseHeaders = options.responseHeaders ?? {};
    this.responseBody = options.responseBody;
    this.isRetryable = options.isRetryable ?? isRetryableStatus(options.statusCode);
  }

  static isInstance(error: unknown): error is APICallError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

export function isRetryableStatus(statusCode: number | undefined): boolean {
  if (statusCode === undefined) return true;
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}
