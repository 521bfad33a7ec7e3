import type { LanguageModelV1, ModelRequest, ModelResponse, ProviderContext, ProviderFactory } from '@agentbatch/core';
import OpenAI, { type APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import { apiFetch } from '../http/api-fetch.js';
import { endpointURL } from '../http/connection-failure.js';
import { invalidResponseError, type OpenAIErrorContext, rememberRawErrorBody, toAPICallError } from './openai-error.js';
import {
  ChunkAccumulator,
  completionProblem,
  type OpenAIWireChunk,
  type OpenAIWireCompletion,
  parseCompletion,
} from './openai-response.js';
import { toOpenAIMessages, toOpenAITools } from './to-openai-messages.js';

/**
 * Options of `type: openai` providers: any server speaking OpenAI's chat-completions API (OpenAI,
 * DeepSeek, Qwen on DashScope/ModelScope, OpenRouter, vLLM, Ollama, ...). The keys every provider
 * has (`maxConcurrency`, `rpm`, `tpm`, `pricing`…) stay with core; anything else unknown is a mistake.
 */
export const openaiOptionsSchema = z.strictObject({
  type: z.literal('openai'),
  model: z.string().min(1),
  /** The API root, e.g. `https://api.deepseek.com/v1` or `http://localhost:11434/v1`; OpenAI's by default. */
  baseURL: z.string().min(1).optional(),
  /** Defaults to `OPENAI_API_KEY` for OpenAI itself, and to a placeholder for a `baseURL` without a key. */
  apiKey: z.string().optional(),
  /** Extra HTTP headers sent with every request. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Merged into every request body, e.g. `{ enable_thinking: true }`; `stream_options: null` drops that key. */
  extraBody: z.record(z.string(), z.unknown()).optional(),
  /** Stream responses (the default) or ask for whole ones. */
  stream: z.boolean().default(true),
  /** How the request names its output limit: reasoning models of OpenAI want `max_completion_tokens`. */
  maxTokensParameter: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
  /** How long to wait for the response to start, in milliseconds (the SDK's default: 10 minutes). */
  timeoutMs: z.number().int().positive().optional(),
});

/** The options as written in the config. */
export type OpenAIProviderOptions = z.input<typeof openaiOptionsSchema>;
/** The options after defaults are applied. */
export type ResolvedOpenAIProviderOptions = z.output<typeof openaiOptionsSchema>;

/** Sent when a server (vLLM, Ollama, ...) needs no key: the SDK requires one. */
const PLACEHOLDER_API_KEY = 'not-needed';

/**
 * The SDK keeps only the `error` field of an error response; this client also records the whole
 * body so that `APICallError.responseBody` has exactly what the server said.
 */
class OpenAICompatibleClient extends OpenAI {
  protected override makeStatusError(
    status: number,
    error: unknown,
    message: string | undefined,
    headers: Headers,
  ): APIError {
    const apiError = super.makeStatusError(status, error as object, message, headers);
    const body = error === undefined || error === null ? message : JSON.stringify(error);
    if (body !== undefined) rememberRawErrorBody(apiError, body);
    return apiError;
  }
}

/** The `type: openai` provider factory. */
export const createOpenAIModel: ProviderFactory = (rawOptions, context) => {
  const parsed = openaiOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) {
    throw new Error(`Invalid options for provider "${context.name}" (type openai):\n${z.prettifyError(parsed.error)}`);
  }
  return new OpenAICompatibleModel(parsed.data, context);
};

export default createOpenAIModel;

class OpenAICompatibleModel implements LanguageModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider = 'openai';
  readonly modelId: string;
  private readonly client: OpenAI;
  private readonly errorContext: OpenAIErrorContext;

  constructor(
    private readonly options: ResolvedOpenAIProviderOptions,
    context: ProviderContext,
  ) {
    this.modelId = options.model;
    this.client = new OpenAICompatibleClient({
      apiKey: resolveApiKey(options, context),
      ...(options.baseURL === undefined
        ? {}
        : // Never send OpenAI's organization and project (from the environment) to another server.
          { baseURL: options.baseURL, organization: null, project: null }),
      ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      maxRetries: 0, // core does the retrying
      fetch: apiFetch,
    });
    this.errorContext = {
      provider: this.provider,
      name: context.name,
      modelId: options.model,
      baseURL: this.client.baseURL,
      url: endpointURL(this.client.baseURL, '/chat/completions'),
      timeoutMs: options.timeoutMs,
    };
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const { signal } = request;
    signal.throwIfAborted();
    const body = this.requestBody(request);
    try {
      if (!this.options.stream) {
        const completion = await this.client.chat.completions.create(
          body as unknown as ChatCompletionCreateParamsNonStreaming,
          { signal },
        );
        const problem = completionProblem(completion);
        if (problem) throw invalidResponseError(this.errorContext, problem, JSON.stringify(completion) ?? '');
        return parseCompletion(completion as unknown as OpenAIWireCompletion);
      }
      const stream = await this.client.chat.completions.create(body as unknown as ChatCompletionCreateParamsStreaming, {
        signal,
      });
      const accumulator = new ChunkAccumulator();
      for await (const chunk of stream) accumulator.add(chunk as unknown as OpenAIWireChunk);
      // On abort the SDK ends the stream quietly: the call must reject instead.
      signal.throwIfAborted();
      if (!accumulator.sawChoice)
        throw invalidResponseError(this.errorContext, 'a stream with no choice in it', accumulator.firstChunk ?? '');
      return accumulator.result();
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof APIUserAbortError) throw new DOMException('The operation was aborted.', 'AbortError');
      throw toAPICallError(error, this.errorContext);
    }
  }

  private requestBody(request: ModelRequest): Record<string, unknown> {
    const { extraBody = {}, maxTokensParameter, stream } = this.options;
    const tools = toOpenAITools(request.tools);
    const body: Record<string, unknown> = {
      model: this.modelId,
      messages: toOpenAIMessages(request.system, request.messages),
      ...(tools === undefined ? {} : { tools }),
      ...(request.maxOutputTokens === undefined ? {} : { [maxTokensParameter]: request.maxOutputTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...extraBody,
      stream,
    };
    if (stream && !('stream_options' in extraBody)) body.stream_options = { include_usage: true };
    if (body.stream_options === null) delete body.stream_options;
    return body;
  }
}

function resolveApiKey(options: ResolvedOpenAIProviderOptions, context: ProviderContext): string {
  if (options.apiKey !== undefined && options.apiKey !== '') return options.apiKey;
  if (options.baseURL !== undefined) return PLACEHOLDER_API_KEY;
  const fromEnvironment = process.env.OPENAI_API_KEY;
  if (fromEnvironment) return fromEnvironment;
  throw new Error(
    `Provider "${context.name}" (type openai) has no apiKey: set apiKey, the OPENAI_API_KEY environment variable, or a baseURL for a server that needs no key`,
  );
}
