import { createHash } from 'node:crypto';
import type { ModelRequest } from '../plugin/language-model.js';

/**
 * Identifies a model call by the conversation it belongs to and its place in it, not by its
 * exact text: tool results (command output, timings) differ from run to run, but an agent's
 * conversation is fixed by its system prompt, its first message, and how many replies it holds.
 */
export interface CassetteKey {
  /** Hash of the system prompt and the first user message. */
  conversation: string;
  /** Replies the conversation already held when this call was made. */
  step: number;
}

export function cassetteKey(request: Pick<ModelRequest, 'system' | 'messages'>): CassetteKey {
  const first = request.messages.find((message) => message.role === 'user')?.content ?? '';
  const conversation = createHash('sha256')
    .update(request.system)
    .update('\u0000')
    .update(first)
    .digest('hex')
    .slice(0, 16);
  const step = request.messages.filter((message) => message.role === 'assistant').length;
  return { conversation, step };
}

export function cassetteKeyText(key: CassetteKey): string {
  return `${key.conversation}#${key.step}`;
}
