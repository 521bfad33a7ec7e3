import type { ModelRequest } from '../plugin/language-model.js';

/** Output tokens assumed for a call that sets no `maxOutputTokens`; its real usage corrects the guess. */
const DEFAULT_OUTPUT_TOKENS = 1000;

/**
 * A call's tokens before it is sent, for the token-per-minute limit: about four characters of the
 * request (as JSON) per token, plus the output it may produce, which is what servers such as
 * OpenAI's count against the limit when the request arrives.
 */
export function estimateTokens(request: ModelRequest): number {
  const { system, messages, tools } = request;
  const characters = JSON.stringify({ system, messages, tools }).length;
  return Math.ceil(characters / 4) + (request.maxOutputTokens ?? DEFAULT_OUTPUT_TOKENS);
}
