import { randomUUID } from 'node:crypto';
import type { FinishReason, ModelResponse, ToolCall } from '@agentbatch/core';
import { type OpenAIWireUsage, toCallUsage } from './openai-usage.js';

/**
 * The parts of chat-completions responses this provider reads, typed loosely: OpenAI-compatible
 * servers differ (extra fields such as `reasoning_content`, `null` where OpenAI omits a key, ...).
 */
export interface OpenAIWireToolCall {
  index?: number | null;
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: unknown } | null;
}

export interface OpenAIWireChunk {
  choices?: Array<{
    index?: number | null;
    delta?: {
      content?: string | null;
      /** DeepSeek, Qwen, xAI, older vLLM. */
      reasoning_content?: string | null;
      /** OpenRouter, newer vLLM, Ollama. */
      reasoning?: string | null;
      tool_calls?: OpenAIWireToolCall[] | null;
    } | null;
    finish_reason?: string | null;
  }> | null;
  usage?: OpenAIWireUsage | null;
}

export interface OpenAIWireCompletion {
  choices?: Array<{
    index?: number | null;
    message?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: OpenAIWireToolCall[] | null;
    } | null;
    finish_reason?: string | null;
  }> | null;
  usage?: OpenAIWireUsage | null;
}

export function mapFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

interface PartialToolCall {
  id: string;
  name: string;
  argumentsText: string;
}

/**
 * Accumulates a streamed chat completion chunk by chunk. Tool-call fragments are keyed by their
 * `index`, never by `id`: Qwen/DashScope sends `"id":""` on continuation fragments (plus an extra
 * empty-arguments fragment), DeepSeek sends no id at all after the first, and some servers
 * (Mistral, Groq, xAI) send whole calls in one fragment.
 */
export class ChunkAccumulator {
  private text = '';
  private reasoning = '';
  private readonly toolCalls = new Map<number, PartialToolCall>();
  private lastToolIndex = -1;
  private finishReason: string | null | undefined;
  private usage: OpenAIWireUsage | undefined;
  /** Whether any chunk carried the completion's choice: a stream without one is no answer at all. */
  sawChoice = false;
  /** The first chunk as JSON text, to quote when the stream is not a chat completion. */
  firstChunk: string | undefined;

  add(chunk: OpenAIWireChunk): void {
    this.firstChunk ??= JSON.stringify(chunk);
    // The usage usually comes in a final chunk with `choices: []` (Groq puts it on the last choice chunk).
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue; // only one completion is requested
      this.sawChoice = true;
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
      const delta = choice.delta;
      if (!delta) continue;
      if (typeof delta.content === 'string') this.text += delta.content;
      this.reasoning += reasoningOf(delta);
      for (const fragment of delta.tool_calls ?? []) this.addToolCallFragment(fragment);
    }
  }

  private addToolCallFragment(fragment: OpenAIWireToolCall): void {
    const id = fragment.id ?? '';
    let index = fragment.index;
    if (typeof index !== 'number') {
      // Servers that leave out `index`: a new id starts a new call, anything else continues the last.
      const last = this.toolCalls.get(this.lastToolIndex);
      index =
        last === undefined || (id !== '' && last.id !== '' && id !== last.id)
          ? this.lastToolIndex + 1
          : this.lastToolIndex;
    }
    this.lastToolIndex = Math.max(this.lastToolIndex, index);
    let call = this.toolCalls.get(index);
    if (call === undefined) {
      call = { id: '', name: '', argumentsText: '' };
      this.toolCalls.set(index, call);
    }
    if (call.id === '' && id !== '') call.id = id;
    // The name comes whole in the first fragment; later ones send none, `""`, or repeat it.
    const name = fragment.function?.name;
    if (call.name === '' && typeof name === 'string') call.name = name;
    call.argumentsText += argumentsTextOf(fragment.function?.arguments);
  }

  result(): ModelResponse {
    const toolCalls = [...this.toolCalls.entries()].sort(([a], [b]) => a - b).map(([, call]) => finishToolCall(call));
    return buildResponse(this.text, this.reasoning, toolCalls, this.finishReason, this.usage);
  }
}

/**
 * What makes a whole (non-streamed) reply not a chat completion, or undefined when it is one: not
 * an object, no `choices`, an empty `choices`, or a first choice without a `message`.
 */
export function completionProblem(completion: unknown): string | undefined {
  if (typeof completion !== 'object' || completion === null || Array.isArray(completion)) return 'not a JSON object';
  const choices = (completion as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return 'no choices';
  if (choices.length === 0) return 'choices: []';
  const choice = choices.find((candidate: { index?: unknown }) => (candidate?.index ?? 0) === 0) as
    | { message?: unknown }
    | undefined;
  if (typeof choice?.message !== 'object' || choice.message === null) return 'a choice with no message';
  return undefined;
}

/** Parses a whole (non-streamed) chat completion. */
export function parseCompletion(completion: OpenAIWireCompletion): ModelResponse {
  const choice = completion.choices?.find((c) => (c.index ?? 0) === 0);
  const message = choice?.message;
  const toolCalls = (message?.tool_calls ?? []).map((call) =>
    finishToolCall({
      id: call.id ?? '',
      name: call.function?.name ?? '',
      argumentsText: argumentsTextOf(call.function?.arguments),
    }),
  );
  return buildResponse(
    message?.content ?? '',
    message ? reasoningOf(message) : '',
    toolCalls,
    choice?.finish_reason,
    completion.usage ?? undefined,
  );
}

function buildResponse(
  text: string,
  reasoning: string,
  toolCalls: ToolCall[],
  finishReason: string | null | undefined,
  usage: OpenAIWireUsage | undefined,
): ModelResponse {
  return {
    text,
    toolCalls,
    ...(reasoning !== '' ? { reasoning } : {}),
    // No usage at all (a server ignoring `stream_options.include_usage`): the counts stay 0, as
    // reported; nothing is estimated.
    usage: toCallUsage(usage),
    finishReason: mapFinishReason(finishReason),
  };
}

/** `reasoning_content` (DeepSeek, Qwen, xAI) or, if absent, `reasoning` (OpenRouter, vLLM, Ollama). */
function reasoningOf(part: { reasoning_content?: string | null; reasoning?: string | null }): string {
  if (typeof part.reasoning_content === 'string' && part.reasoning_content !== '') return part.reasoning_content;
  if (typeof part.reasoning === 'string') return part.reasoning;
  return '';
}

/** Arguments are a JSON text; a few servers send an object instead. */
function argumentsTextOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function finishToolCall(call: PartialToolCall): ToolCall {
  // A tool result must refer to its call, so a call the server sent without an id gets one.
  return { id: call.id === '' ? generateToolCallId() : call.id, name: call.name, argumentsText: call.argumentsText };
}

function generateToolCallId(): string {
  return `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}
