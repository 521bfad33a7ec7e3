import { APICallError } from '../model/api-call-error.js';

/**
 * The error that stops a provider for the rest of the run, or undefined when `error` concerns only
 * the call that got it. A rejected key (401), a denied access (403) and an exhausted quota or
 * balance (a 429 the provider marked not retryable, or 402) fail every call the same way, so one
 * is enough: the failing call and every later one get this error without a request.
 *
 * A 400 does not stop the provider: it is usually about one conversation (too long for the
 * context window, a content filter, a malformed tool call), and other tasks' calls may succeed.
 */
export function haltingError(error: APICallError, providerName: string, apiKeyHint: string): APICallError | undefined {
  const status = error.statusCode;
  let problem: string;
  if (status === 401) problem = `the API key was rejected (HTTP 401); check ${apiKeyHint}`;
  else if (status === 403)
    problem = `access was denied (HTTP 403); check that the API key (${apiKeyHint}) may use this model and endpoint`;
  else if (status === 402 || (status === 429 && !error.isRetryable))
    problem = `the account's quota or balance is used up (HTTP ${status}); add credit or raise the spending limit, then run the unfinished tasks again with --retry-failed`;
  else return undefined;
  return new APICallError({
    message: `provider "${providerName}": ${problem}. The server said: ${serverMessage(error)}. No further calls go to this provider in this run.`,
    provider: error.provider,
    statusCode: status,
    responseHeaders: error.responseHeaders,
    responseBody: error.responseBody,
    isRetryable: false,
    cause: error,
  });
}

/** The server's own words: the `message` of a JSON error body, else the provider's error message. */
function serverMessage(error: APICallError): string {
  let message = error.message;
  try {
    message = findMessage(JSON.parse(error.responseBody ?? '')) ?? message;
  } catch {
    // not JSON: keep the provider's message
  }
  const trimmed = message.trim().replace(/\.$/, '');
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

function findMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.message === 'string' && record.message) return record.message;
  if (typeof record.error === 'string' && record.error) return record.error;
  return findMessage(record.error);
}

/**
 * The error that stops a provider whose calls cannot reach its API: no connection to its URL, or
 * answers that are not the API's. The provider's message names the full URL; this adds where it is set.
 */
export function wrongURLError(failure: APICallError, providerName: string, baseURLHint: string): APICallError {
  const advice =
    failure.kind === 'connection'
      ? `check ${baseURLHint}`
      : `check ${baseURLHint}: it should be the root of the ${failure.provider} API (often ending in /v1), not a web page`;
  return new APICallError({
    message: `${failure.message.replace(/\.$/, '')}; ${advice}. No further calls go to provider "${providerName}" in this run.`,
    provider: failure.provider,
    ...(failure.statusCode !== undefined && { statusCode: failure.statusCode }),
    responseHeaders: failure.responseHeaders,
    ...(failure.responseBody !== undefined && { responseBody: failure.responseBody }),
    ...(failure.url !== undefined && { url: failure.url }),
    ...(failure.kind !== undefined && { kind: failure.kind }),
    isRetryable: false,
    cause: failure,
  });
}
