import type { ChatMessage } from '../model/message.js';

/** Messages at the end of the conversation that are always sent whole: the work in progress. */
const KEEP_RECENT_MESSAGES = 12;

/** About four characters per token, the usual rule for code and English. */
export function estimateMessageTokens(message: ChatMessage): number {
  return Math.ceil(JSON.stringify(message).length / 4);
}

/**
 * The conversation as sent to the model when it must fit `maxTokens`: the oldest tool results
 * (file contents, command output) and long tool-call arguments (whole files written) — most of a
 * coding agent's context — are replaced by a short note, oldest first, until the estimate fits. Every tool call still gets its answer, so the
 * conversation stays valid; the full one is kept (transcript, checkpoint), only the request is
 * smaller. Returns the conversation itself when it already fits.
 */
export function fitContext(conversation: ChatMessage[], maxTokens: number | undefined): ChatMessage[] {
  if (maxTokens === undefined) return conversation;
  let total = conversation.reduce((sum, message) => sum + estimateMessageTokens(message), 0);
  if (total <= maxTokens) return conversation;
  const fitted = [...conversation];
  const lastElidable = fitted.length - KEEP_RECENT_MESSAGES;
  for (let index = 0; index < lastElidable && total > maxTokens; index++) {
    const message = fitted[index] as ChatMessage;
    const elided = elide(message);
    if (elided === message) continue;
    total -= estimateMessageTokens(message) - estimateMessageTokens(elided);
    fitted[index] = elided;
  }
  return fitted;
}

/** Text shorter than this is left alone: eliding it would save little and lose meaning. */
const ELIDE_FROM_CHARS = 200;

function elide(message: ChatMessage): ChatMessage {
  if (message.role === 'tool' && message.content.length >= ELIDE_FROM_CHARS) {
    return {
      ...message,
      content: `[Output elided to fit the context window (${message.content.length} characters). Call ${message.toolName} again if you need it.]`,
    };
  }
  if (
    message.role === 'assistant' &&
    message.toolCalls?.some((call) => call.argumentsText.length >= ELIDE_FROM_CHARS)
  ) {
    return {
      ...message,
      toolCalls: message.toolCalls.map((call) =>
        call.argumentsText.length < ELIDE_FROM_CHARS
          ? call
          : {
              ...call,
              argumentsText: JSON.stringify({ elided: `${call.argumentsText.length} characters of arguments` }),
            },
      ),
    };
  }
  return message;
}
