import type { AssistantMessage, ChatMessage, ToolCall, ToolSpec } from '@agentbatch/core';
import type {
  ContentBlockParam,
  MessageParam,
  RedactedThinkingBlockParam,
  ThinkingBlockParam,
  Tool,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from '@anthropic-ai/sdk/resources/messages';

/** A thinking block as the API returned it; it must be sent back unchanged (the signature covers it). */
export type AnthropicThinkingBlock = ThinkingBlockParam | RedactedThinkingBlockParam;

/** What this provider keeps in `AssistantMessage.providerData`. */
export type AnthropicProviderData = {
  anthropic: {
    /** The response's thinking and redacted-thinking blocks, in order. */
    thinking: AnthropicThinkingBlock[];
  };
};

export interface AnthropicPrompt {
  /** The system prompt, or `undefined` when there is none. */
  system: string | undefined;
  messages: MessageParam[];
}

type Turn = { role: 'user' | 'assistant'; content: ContentBlockParam[] };

/**
 * Converts core's conversation to the Messages API's shape.
 *
 * - The system prompt (and any `system` messages in the conversation) goes to the top-level `system`.
 * - Assistant messages become their thinking blocks (from `providerData`), a text block and
 *   `tool_use` blocks (`input` is the parsed `argumentsText`, `{}` when empty or not a JSON object).
 * - Tool results become `tool_result` blocks in a user message. Consecutive messages of the same
 *   role (tool results, and a user message after them) are merged into one message, with the
 *   `tool_result` blocks first, as the API requires.
 * - Blank text is left out (the API rejects empty and whitespace-only text blocks), and so is a
 * message left with no blocks.
 */
export function toAnthropicMessages(system: string, messages: readonly ChatMessage[]): AnthropicPrompt {
  const systemParts = system.trim() === '' ? [] : [system];
  const turns: Turn[] = [];

  const append = (role: Turn['role'], blocks: ContentBlockParam[]): void => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };

  for (const message of messages) {
    switch (message.role) {
      case 'system':
        if (message.content.trim() !== '') systemParts.push(message.content);
        break;
      case 'user':
        append('user', textBlocks(message.content));
        break;
      case 'assistant':
        append('assistant', assistantBlocks(message));
        break;
      case 'tool':
        append('user', [toolResultBlock(message.toolCallId, message.content, message.isError)]);
        break;
    }
  }

  return {
    system: systemParts.length === 0 ? undefined : systemParts.join('\n\n'),
    messages: turns.map((turn) => ({
      role: turn.role,
      content: turn.role === 'user' ? toolResultsFirst(turn.content) : turn.content,
    })),
  };
}

/** Converts tool specs to Anthropic custom tools: `{ name, description, input_schema }`. */
export function toAnthropicTools(tools: readonly ToolSpec[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: { ...tool.parameters, type: 'object' },
  }));
}

/** The `tool_use` input for a call's argument text: the parsed JSON object, `{}` when empty or invalid. */
export function toolInput(argumentsText: string): Record<string, unknown> {
  if (argumentsText.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    return isPlainObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** The thinking blocks kept in an assistant message's `providerData`, ignoring anything malformed. */
export function thinkingBlocksOf(providerData: Record<string, unknown> | undefined): AnthropicThinkingBlock[] {
  const anthropic = providerData?.anthropic;
  if (!isPlainObject(anthropic) || !Array.isArray(anthropic.thinking)) return [];
  const blocks: AnthropicThinkingBlock[] = [];
  for (const block of anthropic.thinking as unknown[]) {
    if (!isPlainObject(block)) continue;
    if (block.type === 'thinking' && typeof block.thinking === 'string' && typeof block.signature === 'string') {
      blocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
      blocks.push({ type: 'redacted_thinking', data: block.data });
    }
  }
  return blocks;
}

function assistantBlocks(message: AssistantMessage): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [...thinkingBlocksOf(message.providerData)];
  blocks.push(...textBlocks(message.content));
  for (const call of message.toolCalls ?? []) blocks.push(toolUseBlock(call));
  return blocks;
}

function toolUseBlock(call: ToolCall): ToolUseBlockParam {
  return { type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.argumentsText) };
}

function toolResultBlock(toolUseId: string, content: string, isError: boolean | undefined): ToolResultBlockParam {
  const block: ToolResultBlockParam = { type: 'tool_result', tool_use_id: toolUseId };
  if (content !== '') block.content = content;
  if (isError) block.is_error = true;
  return block;
}

function textBlocks(text: string): ContentBlockParam[] {
  return text.trim() === '' ? [] : [{ type: 'text', text }];
}

/** Moves `tool_result` blocks to the front of a user message, keeping the order within each group. */
function toolResultsFirst(blocks: ContentBlockParam[]): ContentBlockParam[] {
  const results = blocks.filter((block) => block.type === 'tool_result');
  if (results.length === 0 || results.length === blocks.length) return blocks;
  return [...results, ...blocks.filter((block) => block.type !== 'tool_result')];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
