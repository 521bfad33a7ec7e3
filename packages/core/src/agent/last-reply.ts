import type { ChatMessage } from '../model/message.js';

/**
 * What an agent last said: the text of its last message that had any (a turn that ended in tool
 * calls alone, or was cut off, says nothing). Read from the conversation rather than kept aside, so
 * a task continued from its checkpoint, here or on another queue worker, gives the same answer.
 */
export function lastReply(conversation: readonly ChatMessage[]): string | undefined {
  for (let index = conversation.length - 1; index >= 0; index--) {
    const message = conversation[index];
    if (message?.role === 'assistant' && message.content.trim() !== '') return message.content;
  }
  return undefined;
}
