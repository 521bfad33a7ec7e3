import type { ChatMessage, ToolCall, ToolSpec } from '@agentbatch/core';

/** A chat-completions request message, as sent on the wire (with the DeepSeek `reasoning_content` extension). */
export type OpenAIChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | {
      role: 'assistant';
      content: string;
      tool_calls?: OpenAIToolCallParam[];
      /** The turn's reasoning, sent back only on tool-call turns (DeepSeek thinking mode requires it). */
      reasoning_content?: string;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAIToolCallParam {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAIToolParam {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** The request's `messages`: the system prompt first (when not empty), then the conversation. */
export function toOpenAIMessages(system: string, messages: readonly ChatMessage[]): OpenAIChatMessage[] {
  const result: OpenAIChatMessage[] = [];
  if (system !== '') result.push({ role: 'system', content: system });
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'user':
        result.push({ role: message.role, content: message.content });
        break;
      case 'assistant': {
        const toolCalls = message.toolCalls ?? [];
        if (toolCalls.length === 0) {
          result.push({ role: 'assistant', content: message.content });
          break;
        }
        result.push({
          role: 'assistant',
          content: message.content,
          tool_calls: toolCalls.map(toOpenAIToolCall),
          ...(message.reasoning ? { reasoning_content: message.reasoning } : {}),
        });
        break;
      }
      case 'tool':
        result.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
        break;
    }
  }
  return result;
}

/** The request's `tools`; `undefined` when there are none, so that the key is left out. */
export function toOpenAITools(tools: readonly ToolSpec[]): OpenAIToolParam[] | undefined {
  if (tools.length === 0) return undefined;
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

function toOpenAIToolCall(call: ToolCall): OpenAIToolCallParam {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: wireArguments(call.argumentsText) } };
}

/**
 * The arguments as sent back in the history: the model's own text when it is a JSON object, else
 * `{}`. Strict APIs reject a request whose history holds arguments that are not a JSON object;
 * the tool's error result already told the model what was wrong, and the transcript keeps its text.
 */
function wireArguments(argumentsText: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? argumentsText : '{}';
  } catch {
    return '{}';
  }
}
