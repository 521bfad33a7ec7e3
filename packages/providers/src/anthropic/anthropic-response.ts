import { APICallError, type FinishReason, type ModelResponse, type ToolCall } from '@agentbatch/core';
import { APIError } from '@anthropic-ai/sdk';
import type { ContentBlock, Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { ANTHROPIC_PROVIDER, type AnthropicCallInfo, describeCaller, invalidResponseError } from './anthropic-error.js';
import { type AnthropicUsage, mergeUsage, toCallUsage } from './anthropic-usage.js';
import type { AnthropicProviderData, AnthropicThinkingBlock } from './to-anthropic-messages.js';

/** Maps Anthropic's `stop_reason` to core's finish reason. */
export function toFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'tool_use':
      return 'tool-calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** Converts a whole (non-streamed) Messages API response; anything else is an `invalid-response` error. */
export function fromAnthropicMessage(message: Message, info: AnthropicCallInfo): ModelResponse {
  const reply: unknown = message;
  if (typeof reply !== 'object' || reply === null || !Array.isArray((reply as { content?: unknown }).content)) {
    const what = typeof reply === 'object' && reply !== null ? 'no content' : 'not a JSON object';
    throw invalidResponseError(info, what, typeof reply === 'string' ? reply : (JSON.stringify(reply) ?? ''));
  }
  const builder = new ResponseBuilder();
  message.content.forEach((block, index) => {
    builder.start(index, block);
  });
  return builder.finish(message.usage, message.stop_reason);
}

/**
 * Reads a streamed Messages API response (the SDK's raw event stream) into one response.
 *
 * Tool arguments are the concatenated `input_json_delta` fragments, exactly as sent (`{}` for a tool
 * called without input). Usage starts from `message_start` and takes the cumulative counts of each
 * `message_delta`. A stream that ends before `message_stop` (the connection dropped) and a failure
 * while reading are retryable `APICallError`s; an `event: error` reaches the caller as the SDK's
 * `APIError` (see `toAPICallError`). When `signal` aborts, the SDK ends the stream quietly, so this
 * rejects with the signal's reason.
 */
export async function fromAnthropicStream(
  events: AsyncIterable<RawMessageStreamEvent>,
  signal: AbortSignal,
  info: AnthropicCallInfo,
): Promise<ModelResponse> {
  const builder = new ResponseBuilder();
  let usage: AnthropicUsage = {};
  let stopReason: string | null = null;
  let stopped = false;
  let firstEvent: string | undefined;
  try {
    for await (const event of events) {
      firstEvent ??= JSON.stringify(event);
      switch (event.type) {
        case 'message_start':
          usage = mergeUsage(usage, event.message.usage);
          stopReason = event.message.stop_reason ?? stopReason;
          break;
        case 'content_block_start':
          builder.start(event.index, event.content_block);
          break;
        case 'content_block_delta':
          builder.delta(event.index, event.delta);
          break;
        case 'message_delta':
          usage = mergeUsage(usage, event.usage);
          stopReason = event.delta.stop_reason ?? stopReason;
          break;
        case 'message_stop':
          stopped = true;
          break;
        default:
          // content_block_stop, and event types added to the API later.
          break;
      }
    }
  } catch (error) {
    if (signal.aborted || error instanceof APIError || APICallError.isInstance(error)) throw error;
    throw streamError(info, `reading the response stream failed: ${errorMessage(error)}`, error);
  }
  signal.throwIfAborted();
  if (firstEvent === undefined) throw invalidResponseError(info, 'a stream with no events', '');
  if (!stopped) throw streamError(info, 'the response stream ended before message_stop');
  return builder.finish(usage, stopReason);
}

type BlockState =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; initialInput: unknown; json: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

type Delta = Extract<RawMessageStreamEvent, { type: 'content_block_delta' }>['delta'];

/** Collects content blocks by index, from whole blocks or from stream deltas. */
class ResponseBuilder {
  private readonly blocks = new Map<number, BlockState>();

  start(index: number, block: ContentBlock): void {
    switch (block.type) {
      case 'text':
        this.blocks.set(index, { type: 'text', text: block.text });
        break;
      case 'tool_use':
        this.blocks.set(index, {
          type: 'tool_use',
          id: block.id,
          name: block.name,
          initialInput: block.input,
          json: '',
        });
        break;
      case 'thinking':
        this.blocks.set(index, { type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      case 'redacted_thinking':
        this.blocks.set(index, { type: 'redacted_thinking', data: block.data });
        break;
      default:
        // Server tools and their results run on Anthropic's side; nothing to hand back to core.
        break;
    }
  }

  delta(index: number, delta: Delta): void {
    const block = this.blocks.get(index);
    if (!block) return;
    switch (delta.type) {
      case 'text_delta':
        if (block.type === 'text') block.text += delta.text;
        break;
      case 'input_json_delta':
        if (block.type === 'tool_use') block.json += delta.partial_json;
        break;
      case 'thinking_delta':
        if (block.type === 'thinking') block.thinking += delta.thinking;
        break;
      case 'signature_delta':
        if (block.type === 'thinking') block.signature += delta.signature;
        break;
      default:
        // citations_delta: citations are not kept.
        break;
    }
  }

  finish(usage: AnthropicUsage, stopReason: string | null): ModelResponse {
    let text = '';
    const toolCalls: ToolCall[] = [];
    const thinking: AnthropicThinkingBlock[] = [];
    const ordered = [...this.blocks.entries()].sort(([a], [b]) => a - b);
    for (const [, block] of ordered) {
      switch (block.type) {
        case 'text':
          text += block.text;
          break;
        case 'tool_use':
          toolCalls.push({ id: block.id, name: block.name, argumentsText: argumentsTextOf(block) });
          break;
        case 'thinking':
          thinking.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
          break;
        case 'redacted_thinking':
          thinking.push({ type: 'redacted_thinking', data: block.data });
          break;
      }
    }
    const response: ModelResponse = {
      text,
      toolCalls,
      usage: toCallUsage(usage),
      finishReason: toFinishReason(stopReason),
    };
    const reasoning = thinking
      .flatMap((block) => (block.type === 'thinking' && block.thinking !== '' ? [block.thinking] : []))
      .join('\n\n');
    if (reasoning !== '') response.reasoning = reasoning;
    if (thinking.length > 0) {
      const providerData: AnthropicProviderData = { anthropic: { thinking } };
      response.providerData = providerData;
    }
    return response;
  }
}

/** The streamed JSON text when there is any; otherwise the block's own input (`{}` when empty). */
function argumentsTextOf(block: Extract<BlockState, { type: 'tool_use' }>): string {
  if (block.json.trim() !== '') return block.json;
  const input = block.initialInput;
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length > 0) {
    return JSON.stringify(input);
  }
  return '{}';
}

function streamError(info: AnthropicCallInfo, what: string, cause?: unknown): APICallError {
  return new APICallError({
    message: `${describeCaller(info)}: ${what}`,
    provider: ANTHROPIC_PROVIDER,
    isRetryable: true,
    cause,
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
