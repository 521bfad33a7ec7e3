/**
 * The provider contract. A provider plugin is a module whose default export is a
 * `ProviderFactory`: given its options from `agentbatch.yaml`, it returns a `LanguageModel`.
 *
 * This file is public API for plugin authors: it imports nothing but model types and changes only
 * by adding a new `specificationVersion`.
 */
import type { ChatMessage, ToolCall, ToolSpec } from '../model/message.js';
import type { CallUsage } from '../model/usage.js';

export type { APICallError, APICallErrorOptions } from '../model/api-call-error.js';
export type { ChatMessage, ToolCall, ToolSpec } from '../model/message.js';
export type { CallUsage } from '../model/usage.js';

export interface ModelRequest {
  /** The agent's system prompt; providers place it where their API expects it. */
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  /** Aborts the call: the provider must stop the HTTP request and reject. */
  signal: AbortSignal;
  maxOutputTokens?: number;
  temperature?: number;
}

export type FinishReason = 'stop' | 'tool-calls' | 'length' | 'content-filter' | 'error' | 'other';

export interface ModelResponse {
  text: string;
  toolCalls: ToolCall[];
  /** Reasoning the model streamed, kept so it can be sent back where the API requires it. */
  reasoning?: string;
  /** Exactly what the API reported for this call. */
  usage: CallUsage;
  finishReason: FinishReason;
  /** Opaque data to keep on the assistant message (see `AssistantMessage.providerData`). */
  providerData?: Record<string, unknown>;
}

export interface LanguageModelV1 {
  readonly specificationVersion: 'v1';
  /** The provider's kind, e.g. `openai`, for messages and logs. */
  readonly provider: string;
  readonly modelId: string;
  /**
   * One model call. Throw an `APICallError` (from `@agentbatch/core`) for HTTP failures so that
   * core can decide whether to retry; core does the retrying, providers should not.
   */
  generate(request: ModelRequest): Promise<ModelResponse>;
}

export type LanguageModel = LanguageModelV1;

export interface ProviderContext {
  /** The provider's name in `providers:` of the config. */
  name: string;
  /** Folder of the config file, for resolving relative paths in options. */
  configDir: string;
}

/** Common options every provider receives; plugins may accept more. */
export interface ProviderOptions {
  type: string;
  model: string;
  [option: string]: unknown;
}

export type ProviderFactory<Options extends ProviderOptions = ProviderOptions> = (
  options: Options,
  context: ProviderContext,
) => LanguageModel | Promise<LanguageModel>;

/** Identity helper that gives a provider plugin's factory its types. */
export function defineProvider<Options extends ProviderOptions>(
  factory: ProviderFactory<Options>,
): ProviderFactory<Options> {
  return factory;
}
