import { createHash } from 'node:crypto';
import { coderToolCallsHeading } from '../agent/prompts.js';
import type { ModelRequest } from '../plugin/language-model.js';

/**
 * Identifies a model call by the conversation it belongs to and its place in it, not by its
 * exact text: tool results (command output, timings) differ from run to run, but an agent's
 * conversation is fixed by its system prompt, the task its first message gives, and how many
 * replies it holds. The evaluator's first message also reports what the coder's tools did, which
 * differs when the run is played again on files the first run already changed, so only the task
 * part of it counts.
 */
export interface CassetteKey {
  /** Hash of the system prompt and the task part of the first user message. */
  conversation: string;
  /** Replies the conversation already held when this call was made. */
  step: number;
}

export function cassetteKey(request: Pick<ModelRequest, 'system' | 'messages'>): CassetteKey {
  const firstMessage = request.messages.find((message) => message.role === 'user')?.content ?? '';
  const first = firstMessage.split(`\n\n${coderToolCallsHeading}`)[0] ?? firstMessage;
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
