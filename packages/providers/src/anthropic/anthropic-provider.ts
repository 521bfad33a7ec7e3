import type {
  LanguageModelV1,
  ModelRequest,
  ModelResponse,
  ProviderContext,
  ProviderFactory,
  ProviderOptions,
} from '@agentbatch/core';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { apiFetch } from '../http/api-fetch.js';
import { endpointURL } from '../http/connection-failure.js';
import { ANTHROPIC_PROVIDER, type AnthropicCallInfo, toAPICallError } from './anthropic-error.js';
import { fromAnthropicMessage, fromAnthropicStream } from './anthropic-response.js';
import { toAnthropicMessages, toAnthropicTools } from './to-anthropic-messages.js';

export const DEFAULT_ANTHROPIC_MAX_TOKENS = 8192;

/**
 * Options of a `type: anthropic` provider. The keys every provider has (`maxConcurrency`, `rpm`,
 * `tpm`, `pricing`…) stay with core; anything else unknown is a mistake.
 */
export const anthropicOptionsSchema = z.strictObject({
  type: z.literal('anthropic'),
  model: z.string().min(1).describe('Model id, e.g. claude-sonnet-4-5'),
  baseURL: z.string().min(1).optional().describe('Default: https://api.anthropic.com (or ANTHROPIC_BASE_URL)'),
  apiKey: z.string().min(1).optional().describe('Default: the ANTHROPIC_API_KEY environment variable'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra HTTP headers sent with every request'),
  maxTokens: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_ANTHROPIC_MAX_TOKENS)
    .describe('max_tokens when the agent sets no maxOutputTokens (the API requires one)'),
  stream: z.boolean().default(true).describe('Stream responses (default) or wait for the whole message'),
  timeoutMs: z.number().int().positive().optional().describe('Timeout of one HTTP request, in milliseconds'),
  promptCache: z
    .union([z.boolean(), z.enum(['5m', '1h'])])
    .default(true)
    .describe(
      'Cache the conversation prefix between calls (top-level cache_control): each call re-reads what the last one sent at the cached price. 1h keeps it longer; false turns it off',
    ),
  thinking: z
    .strictObject({
      budgetTokens: z.number().int().positive().describe('Extended thinking budget; must be below max_tokens'),
    })
    .optional(),
});

export type AnthropicOptions = z.input<typeof anthropicOptionsSchema>;
export type ResolvedAnthropicOptions = z.output<typeof anthropicOptionsSchema>;

/**
 * The `type: anthropic` provider: Claude through the official SDK's Messages API. The SDK does not
 * retry (core does); its errors become core `APICallError`s.
 */
export function createAnthropicModel(options: ProviderOptions, context: ProviderContext): LanguageModelV1 {
  const parsed = anthropicOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`invalid options for the anthropic provider "${context.name}":\n${z.prettifyError(parsed.error)}`);
  }
  return new AnthropicLanguageModel(parsed.data, context);
}

export default createAnthropicModel satisfies ProviderFactory;

class AnthropicLanguageModel implements LanguageModelV1 {
  readonly specificationVersion = 'v1';
  readonly provider = ANTHROPIC_PROVIDER;
  readonly modelId: string;
  private readonly client: Anthropic;
  private readonly info: AnthropicCallInfo;

  constructor(
    private readonly options: ResolvedAnthropicOptions,
    context: ProviderContext,
  ) {
    this.modelId = options.model;
    this.client = new Anthropic({
      ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
      ...(options.baseURL !== undefined && { baseURL: options.baseURL }),
      ...(options.headers !== undefined && { defaultHeaders: options.headers }),
      ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
      maxRetries: 0,
      fetch: apiFetch,
    });
    this.info = {
      modelId: options.model,
      providerName: context.name,
      url: endpointURL(this.client.baseURL, '/v1/messages'),
    };
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const { signal } = request;
    signal.throwIfAborted();
    const body = this.requestBody(request);
    try {
      if (this.options.stream) {
        const events = await this.client.messages.create({ ...body, stream: true }, { signal });
        return await fromAnthropicStream(events, signal, this.info);
      }
      const message = await this.client.messages.create({ ...body, stream: false }, { signal });
      return fromAnthropicMessage(message, this.info);
    } catch (error) {
      // The SDK reports an abort as its own APIUserAbortError (or ends the stream quietly).
      signal.throwIfAborted();
      throw toAPICallError(error, this.info);
    }
  }

  /**
   * The request body. `request.temperature` is not sent: the API version this SDK speaks
   * (`anthropic-version: 2026-10-21`) rejects `temperature`, `top_p` and `top_k` with a 400.
   */
  private requestBody(request: ModelRequest): MessageCreateParamsBase {
    const { system, messages } = toAnthropicMessages(request.system, request.messages);
    const body: MessageCreateParamsBase = {
      model: this.options.model,
      max_tokens: request.maxOutputTokens ?? this.options.maxTokens,
      messages,
    };
    if (system !== undefined) body.system = system;
    if (request.tools.length > 0) body.tools = toAnthropicTools(request.tools);
    // An agent resends its whole conversation every call: without a cache marker Anthropic bills all of it again in full.
    const { promptCache } = this.options;
    if (promptCache)
      body.cache_control = promptCache === true ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: promptCache };
    if (this.options.thinking) body.thinking = { type: 'enabled', budget_tokens: this.options.thinking.budgetTokens };
    return body;
  }
}
