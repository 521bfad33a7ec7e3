import { APICallError, isRetryableStatus } from '@agentbatch/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { findCause, NotAnAPIResponseError, quoteStart } from '../http/api-fetch.js';
import { connectionFailure } from '../http/connection-failure.js';

/** What an error message needs to say which call failed. */
export interface OpenAIErrorContext {
  /** The provider's kind, `openai`: `APICallError.provider`. */
  provider: string;
  /** The provider's name in the config, e.g. `deepseek`. */
  name: string;
  modelId: string;
  baseURL: string;
  /** The chat-completions endpoint's full URL. */
  url: string;
  timeoutMs?: number | undefined;
}

/**
 * Raw response bodies of failed calls. The SDK keeps only the body's `error` field on its
 * `APIError`, so the client records the whole text here (see `OpenAICompatibleClient`).
 */
const rawErrorBodies = new WeakMap<object, string>();

export function rememberRawErrorBody(error: object, body: string): void {
  rawErrorBodies.set(error, body);
}

/**
 * Maps an error from the `openai` SDK (or from reading its response stream) to core's
 * `APICallError`; returns anything else unchanged. Aborts are not handled here: the caller must
 * check its signal first and re-throw the abort.
 */
export function toAPICallError(error: unknown, context: OpenAIErrorContext): unknown {
  const label = `${context.provider} provider "${context.name}" (model ${context.modelId})`;
  if (error instanceof APIUserAbortError || APICallError.isInstance(error)) return error;
  const notAPI = findCause(error, NotAnAPIResponseError);
  if (notAPI) return invalidResponseError(context, notAPI.message, notAPI.body, notAPI.status);
  const unreachable = connectionFailure(error);
  if (unreachable) {
    return new APICallError({
      message: `${context.provider} provider "${context.name}": could not connect to ${context.url}: ${unreachable.reason}`,
      provider: context.provider,
      url: context.url,
      kind: 'connection',
      isRetryable: !unreachable.permanent,
      cause: error,
    });
  }
  if (error instanceof APIConnectionTimeoutError) {
    const within = context.timeoutMs === undefined ? '' : ` within ${context.timeoutMs} ms`;
    return new APICallError({
      message: `${label}: ${context.baseURL} did not respond${within}`,
      provider: context.provider,
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new APICallError({
      message: `${label}: could not connect to ${context.baseURL}: ${describeCause(error)}`,
      provider: context.provider,
      cause: error,
    });
  }
  if (error instanceof APIError) return fromAPIError(error, label, context);
  // Failures while reading the response: the connection dropped mid-stream (undici throws a
  // `TypeError: terminated`) or the server sent an event that is not JSON.
  if (error instanceof TypeError || error instanceof SyntaxError) {
    return new APICallError({
      message: `${label}: reading the response failed: ${describeCause(error)}`,
      provider: context.provider,
      cause: error,
    });
  }
  return error;
}

/**
 * A reply that is not a chat completion (an HTML page, `choices: []`, a choice without a message):
 * a provider error quoting what came back, retried like any malformed response, never taken for
 * the model's (empty) answer.
 */
export function invalidResponseError(
  context: OpenAIErrorContext,
  what: string,
  body: string,
  status = 200,
): APICallError {
  return new APICallError({
    message: `${context.provider} provider "${context.name}" (model ${context.modelId}): ${context.url} sent something that is not a chat completion (${what}): ${quoteStart(body)}`,
    provider: context.provider,
    statusCode: status,
    responseBody: body.slice(0, 2000),
    url: context.url,
    kind: 'invalid-response',
    isRetryable: true,
  });
}

function fromAPIError(error: APIError, label: string, context: OpenAIErrorContext): APICallError {
  const status = error.status;
  const rawBody = rawErrorBodies.get(error);
  // Without a recorded body (an `error` event inside a stream) the SDK only has the `error` field.
  const responseBody = rawBody ?? (error.error === undefined ? undefined : JSON.stringify({ error: error.error }));
  const body = rawBody === undefined ? { error: error.error } : parseJson(rawBody);
  const serverMessage = messageOf(body) ?? truncate(rawBody) ?? error.message;
  const quota = isQuotaError(body, error, serverMessage);

  let isRetryable: boolean | undefined;
  if (quota) isRetryable = false;
  else if (status === undefined) isRetryable = isRetryableStatus(numericCode(body));

  const where = status === undefined ? 'the server reported an error mid-stream' : `HTTP ${status}`;
  return new APICallError({
    message: `${label}: ${where}: ${serverMessage}${quota ? ' (quota or balance exhausted, not retried)' : ''}`,
    provider: context.provider,
    statusCode: status,
    responseHeaders: headersRecord(error.headers),
    responseBody,
    isRetryable,
    cause: error,
  });
}

const QUOTA_CODES = new Set(['insufficient_quota', 'insufficient_balance', 'billing_hard_limit_reached']);

/**
 * An exhausted quota or balance (OpenAI's `insufficient_quota` 429, DeepSeek's "Insufficient
 * Balance", ...) does not recover by waiting, unlike a rate limit, so it must not be retried.
 */
const QUOTA_MESSAGE =
  /insufficient[\s_-]*(quota|balance|funds|credits?)|exceeded your current quota|quota (has been |is )?exhausted|billing|out of credits|credit balance|balance is (insufficient|too low|not enough)|arrearage/i;

function isQuotaError(body: unknown, error: APIError, serverMessage: string): boolean {
  const inner = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const codes = [error.code, error.type, inner?.code, inner?.type];
  if (codes.some((code) => typeof code === 'string' && QUOTA_CODES.has(code.toLowerCase()))) return true;
  return QUOTA_MESSAGE.test(serverMessage);
}

/** The server's own message: `error.message`, `error` (Ollama), `message`, or `detail` (FastAPI servers). */
function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return undefined;
  if (!isRecord(body)) return undefined;
  const inner = body.error;
  if (typeof inner === 'string' && inner !== '') return inner;
  if (isRecord(inner) && typeof inner.message === 'string' && inner.message !== '') return inner.message;
  for (const key of ['message', 'detail', 'error_msg']) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Some servers put an HTTP status in the `code` of an error sent inside a stream (OpenRouter). */
function numericCode(body: unknown): number | undefined {
  const inner = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = inner?.code;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : undefined;
}

function headersRecord(headers: Headers | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  headers?.forEach((value, key) => {
    record[key.toLowerCase()] = value;
  });
  return record;
}

function describeCause(error: Error): string {
  const cause = error.cause;
  const causeMessage = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
  return causeMessage && causeMessage !== error.message ? `${error.message} (${causeMessage})` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function truncate(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  return trimmed.length > 500 ? `${trimmed.slice(0, 500)}…` : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
