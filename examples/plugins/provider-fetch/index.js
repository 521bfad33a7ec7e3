/**
 * agentbatch-provider-fetch: a provider for any server that speaks OpenAI's chat-completions API
 * (llama.cpp, vLLM, Ollama, LM Studio, hosted gateways), written on `fetch` with no SDK, so that
 * it shows the whole provider contract in one file. Not streamed: one request, one answer.
 *
 *   providers:
 *     local: { type: agentbatch-provider-fetch, baseURL: http://127.0.0.1:8080/v1, model: qwen3-coder }
 */
import { APICallError, defineProvider } from '@agentbatch/core';
import { z } from 'zod';

/** Checked once by agentbatch, errors pointing at the YAML line; limits, retries and pricing stay with core. */
export const optionsSchema = z.strictObject({
  type: z.string(),
  model: z.string().min(1),
  baseURL: z.url().describe('The API root, ending in /v1'),
  apiKey: z.string().optional().describe('Sent as a bearer token when set'),
});

export default defineProvider((options, context) => {
  const url = `${options.baseURL.replace(/\/+$/, '')}/chat/completions`;
  return {
    specificationVersion: 'v1',
    provider: context.name,
    modelId: options.model,
    async generate(request) {
      const body = {
        model: options.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages.map(toWireMessage)],
        ...(request.tools.length > 0 && { tools: request.tools.map(toWireTool) }),
        ...(request.maxOutputTokens !== undefined && { max_tokens: request.maxOutputTokens }),
        ...(request.temperature !== undefined && { temperature: request.temperature }),
      };
      const headers = { 'content-type': 'application/json' };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      let response;
      try {
        response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: request.signal });
      } catch (error) {
        // An abort is the run's decision, not a failure to retry.
        if (request.signal.aborted) throw error;
        throw new APICallError({
          provider: context.name,
          message: `${url}: ${error.message}`,
          url,
          kind: 'connection',
          cause: error,
        });
      }
      const text = await response.text();
      if (!response.ok) {
        throw new APICallError({
          provider: context.name,
          message: `${url} answered ${response.status}: ${text.slice(0, 200)}`,
          statusCode: response.status,
          responseHeaders: Object.fromEntries(response.headers),
          responseBody: text,
          url,
        });
      }
      return fromWireResponse(text, context.name, url);
    },
  };
});

function toWireMessage(message) {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role !== 'assistant') return { role: message.role, content: message.content };
  const toolCalls = (message.toolCalls ?? []).map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.argumentsText },
  }));
  return {
    role: 'assistant',
    content: message.content || null,
    ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
  };
}

function toWireTool(tool) {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  };
}

const finishReasons = { stop: 'stop', tool_calls: 'tool-calls', length: 'length', content_filter: 'content-filter' };

function fromWireResponse(text, provider, url) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const choice = json?.choices?.[0];
  if (!choice?.message) {
    // An HTML page or another API: most likely a wrong baseURL, which core reports as such.
    throw new APICallError({
      provider,
      message: `${url} did not answer as a chat-completions API: ${text.slice(0, 200)}`,
      url,
      kind: 'invalid-response',
      isRetryable: false,
    });
  }
  const usage = json.usage ?? {};
  return {
    text: choice.message.content ?? '',
    toolCalls: (choice.message.tool_calls ?? []).map((call) => ({
      id: call.id,
      name: call.function.name,
      argumentsText: call.function.arguments ?? '',
    })),
    // Exactly what the server reported: agentbatch never estimates a number the API gave.
    usage: {
      inputTokens: usage.prompt_tokens ?? 0,
      outputTokens: usage.completion_tokens ?? 0,
      cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
      reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    },
    finishReason: finishReasons[choice.finish_reason] ?? 'other',
  };
}
