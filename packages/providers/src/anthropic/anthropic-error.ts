import { APICallError, isRetryableStatus } from '@agentbatch/core';
import { APIError } from '@anthropic-ai/sdk';
import { findCause, NotAnAPIResponseError, quoteStart } from '../http/api-fetch.js';
import { connectionFailure } from '../http/connection-failure.js';

export const ANTHROPIC_PROVIDER = 'anthropic';

/** Who made the call, for error messages. */
export interface AnthropicCallInfo {
  /** The model id sent to the API. */
  modelId: string;
  /** The provider's name in the config (`providers.<name>`), when known. */
  providerName?: string;
  /** The Messages endpoint's full URL, when known. */
  url?: string;
}

/** Error types the API uses for requests that fail the same way when sent again. */
const NON_RETRYABLE_ERROR_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
]);

/**
 * Converts an error of the Anthropic SDK into core's `APICallError` so that core can decide whether
 * to retry. Anything that is not an SDK `APIError` (e.g. a bug, a configuration error) is returned
 * unchanged. Aborts are not handled here: check the request's signal first.
 *
 * - HTTP errors keep their status, lowercased headers (`retry-after`, `request-id`, ...) and the
 *   body as JSON text; 408, 409, 429, 5xx and `overloaded_error` are retryable, other 4xx are not.
 *   An `x-should-retry: true|false` header from the API overrides that, as in Anthropic's SDKs.
 * - Connection errors and timeouts (no status) are retryable.
 * - An `event: error` inside a stream (no status; the body names the error type, e.g.
 *   `overloaded_error`) is retryable unless its type says the request itself is wrong.
 */
export function toAPICallError(error: unknown, info: AnthropicCallInfo): unknown {
  if (APICallError.isInstance(error)) return error;
  const notAPI = findCause(error, NotAnAPIResponseError);
  if (notAPI) return invalidResponseError(info, notAPI.message, notAPI.body, notAPI.status);
  const unreachable = connectionFailure(error);
  if (unreachable) {
    const who = info.providerName ? `Anthropic provider "${info.providerName}"` : 'Anthropic';
    return new APICallError({
      message: `${who}: could not connect to ${info.url ?? 'the API'}: ${unreachable.reason}`,
      provider: ANTHROPIC_PROVIDER,
      ...(info.url !== undefined && { url: info.url }),
      kind: 'connection',
      isRetryable: !unreachable.permanent,
      cause: error,
    });
  }
  if (!(error instanceof APIError)) return error;
  const status = typeof error.status === 'number' ? error.status : undefined;
  const responseHeaders = headersToRecord(error.headers);
  const responseBody = error.error === undefined ? undefined : JSON.stringify(error.error);
  const type = error.type ?? undefined;
  const isConnectionError = status === undefined && error.error === undefined;
  const apiMessage = isConnectionError
    ? [error.message, ...causeMessages(error.cause)].map((part) => part.replace(/\.$/, '')).join(': ')
    : (error.apiMessage ?? stripStatus(error.message, status));

  let isRetryable: boolean;
  const shouldRetryHeader = responseHeaders['x-should-retry'];
  if (status !== undefined && (shouldRetryHeader === 'true' || shouldRetryHeader === 'false')) {
    isRetryable = shouldRetryHeader === 'true';
  } else if (type === 'overloaded_error') {
    isRetryable = true;
  } else if (status === undefined) {
    isRetryable = type === undefined || !NON_RETRYABLE_ERROR_TYPES.has(type);
  } else {
    isRetryable = isRetryableStatus(status);
  }

  return new APICallError({
    message: describe(info, status, type, apiMessage, isConnectionError),
    provider: ANTHROPIC_PROVIDER,
    statusCode: status,
    responseHeaders,
    responseBody,
    isRetryable,
    cause: error,
  });
}

/**
 * A reply that is not a Messages API message (an HTML page, no `content`, a stream with no events):
 * a provider error quoting what came back, retried like any malformed response, never taken for
 * the model's (empty) answer.
 */
export function invalidResponseError(info: AnthropicCallInfo, what: string, body: string, status = 200): APICallError {
  return new APICallError({
    message: `${describeCaller(info)}: ${info.url ?? 'the API'} sent something that is not a Messages API reply (${what}): ${quoteStart(body)}`,
    provider: ANTHROPIC_PROVIDER,
    statusCode: status,
    responseBody: body.slice(0, 2000),
    ...(info.url !== undefined && { url: info.url }),
    kind: 'invalid-response',
    isRetryable: true,
  });
}

/** E.g. `Anthropic provider "claude" (model claude-haiku-4-5)`, to start error messages. */
export function describeCaller(info: AnthropicCallInfo): string {
  return info.providerName
    ? `Anthropic provider "${info.providerName}" (model ${info.modelId})`
    : `Anthropic (model ${info.modelId})`;
}

function describe(
  info: AnthropicCallInfo,
  status: number | undefined,
  type: string | undefined,
  apiMessage: string | undefined,
  isConnectionError: boolean,
): string {
  const who = describeCaller(info);
  let what: string;
  if (isConnectionError) what = 'connection failed';
  else if (status !== undefined) what = `HTTP ${status}`;
  else what = 'error in the response stream';
  const details = [type, apiMessage].filter((part): part is string => Boolean(part)).join(': ');
  return details ? `${who}: ${what}: ${details}` : `${who}: ${what}`;
}

/** The SDK's message without the status it starts with (`529 Overloaded` → `Overloaded`). */
function stripStatus(message: string, status: number | undefined): string {
  return status !== undefined && message.startsWith(`${status} `) ? message.slice(`${status} `.length) : message;
}

/** The messages of an error's `cause` chain, e.g. `fetch failed`, `connect ECONNREFUSED 127.0.0.1:1`. */
function causeMessages(cause: unknown): string[] {
  const messages: string[] = [];
  for (let current = cause, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if (current.message) messages.push(current.message);
  }
  return messages;
}

function headersToRecord(headers: Headers | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}
