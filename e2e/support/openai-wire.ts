import type { ServerResponse } from 'node:http';
import type { ServedUsage } from './model-script.js';
import { halves, type Reply, sendJson, type WireFormat } from './wire-format.js';

interface OpenAIMessage {
  role: string;
  content?: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

interface OpenAIBody {
  messages: OpenAIMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

/** The OpenAI chat-completions wire format, as the real servers speak it. */
export const openAIWire: WireFormat = {
  parse(input) {
    const body = input as OpenAIBody;
    return {
      system: String(body.messages.find((message) => message.role === 'system')?.content ?? ''),
      firstUserText: String(body.messages.find((message) => message.role === 'user')?.content ?? ''),
      assistantCount: body.messages.filter((message) => message.role === 'assistant').length,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      protocolProblem: unansweredToolCalls(body.messages),
    };
  },
  reply(response, request, reply) {
    if (request.stream) streamCompletion(response, reply, request.includeUsage);
    else sendJson(response, 200, completion(reply));
  },
  error(response, status, message) {
    sendJson(response, status, { error: { message, type: 'invalid_request_error' } });
  },
};

function completion({ text, toolCalls, usage }: Reply) {
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'scripted',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || null,
          ...(toolCalls.length && {
            tool_calls: toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          }),
        },
        finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: openAIUsage(usage),
  };
}

/** Streams like the real servers do: text in pieces, each tool call's arguments in fragments, usage last. */
function streamCompletion(response: ServerResponse, { text, toolCalls, usage }: Reply, includeUsage: boolean) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = {
    id: 'chatcmpl-scripted',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'scripted',
  };
  const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
  const delta = (value: Record<string, unknown>, finish: string | null = null) =>
    send({ ...base, choices: [{ index: 0, delta: value, finish_reason: finish }] });
  delta({ role: 'assistant', content: '' });
  for (const piece of halves(text)) delta({ content: piece });
  toolCalls.forEach((call, index) => {
    delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const piece of halves(call.arguments)) delta({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  delta({}, toolCalls.length ? 'tool_calls' : 'stop');
  if (includeUsage) send({ ...base, choices: [], usage: openAIUsage(usage) });
  response.end('data: [DONE]\n\n');
}

function openAIUsage(usage: ServedUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
  };
}

/** What a real OpenAI server rejects with a 400: a tool call not answered before the next message. */
function unansweredToolCalls(messages: OpenAIMessage[]): string | undefined {
  for (let index = 0; index < messages.length; index++) {
    const calls = messages[index]?.tool_calls ?? [];
    if (calls.length === 0) continue;
    const answered = new Set<string>();
    let next = index + 1;
    while (messages[next]?.role === 'tool') answered.add(messages[next++]?.tool_call_id ?? '');
    const missing = calls.filter((call) => !answered.has(call.id));
    if (missing.length)
      return `tool_call_ids did not have response messages: ${missing.map((call) => call.id).join(', ')}`;
  }
  return undefined;
}
