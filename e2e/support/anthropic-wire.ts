import type { ServerResponse } from 'node:http';
import type { ServedUsage } from './model-script.js';
import { halves, type Reply, sendJson, type WireFormat } from './wire-format.js';

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content?: unknown };

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | Block[];
}

interface AnthropicBody {
  system?: string | Array<{ type: 'text'; text: string }>;
  messages: AnthropicMessage[];
  stream?: boolean;
}

/** The Anthropic Messages wire format, streamed (named SSE events) and not. */
export const anthropicWire: WireFormat = {
  parse(input) {
    const body = input as AnthropicBody;
    const system =
      typeof body.system === 'string' ? body.system : (body.system ?? []).map((block) => block.text).join('');
    const firstUser = body.messages.find((message) => message.role === 'user');
    return {
      system,
      firstUserText: firstUser ? textOf(firstUser.content) : '',
      assistantCount: body.messages.filter((message) => message.role === 'assistant').length,
      stream: body.stream === true,
      includeUsage: true,
      protocolProblem: protocolProblem(body.messages),
    };
  },
  reply(response, request, reply) {
    if (request.stream) streamMessage(response, reply);
    else sendJson(response, 200, message(reply));
  },
  error(response, status, text) {
    sendJson(response, status, { type: 'error', error: { type: 'invalid_request_error', message: text } });
  },
};

function textOf(content: string | Block[]): string {
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

function blocks({ text, toolCalls }: Reply): Block[] {
  return [
    ...(text ? [{ type: 'text' as const, text }] : []),
    ...toolCalls.map((call) => ({
      type: 'tool_use' as const,
      id: call.id,
      name: call.name,
      input: JSON.parse(call.arguments),
    })),
  ];
}

/** The served usage split as Anthropic reports it: uncached input, cache reads, cache writes. */
function anthropicUsage(usage: ServedUsage) {
  return {
    input_tokens: usage.inputTokens - usage.cachedInputTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
    cache_creation_input_tokens: 0,
    output_tokens: usage.outputTokens,
  };
}

function message(reply: Reply) {
  return {
    id: 'msg_scripted',
    type: 'message',
    role: 'assistant',
    model: 'scripted',
    content: blocks(reply),
    stop_reason: reply.toolCalls.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(reply.usage),
  };
}

function streamMessage(response: ServerResponse, reply: Reply) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (data: { type: string } & Record<string, unknown>) =>
    response.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
  const usage = anthropicUsage(reply.usage);
  send({
    type: 'message_start',
    message: {
      ...message({ ...reply, text: '', toolCalls: [] }),
      content: [],
      stop_reason: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  send({ type: 'ping' });
  blocks(reply).forEach((block, index) => {
    if (block.type === 'text') {
      send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of halves(block.text))
        send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
    } else if (block.type === 'tool_use') {
      send({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      for (const piece of halves(JSON.stringify(block.input))) {
        send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    }
    send({ type: 'content_block_stop', index });
  });
  send({
    type: 'message_delta',
    delta: { stop_reason: reply.toolCalls.length ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  send({ type: 'message_stop' });
  response.end();
}

/** What the real API rejects: roles that do not alternate, or a tool_use without its tool_result next. */
function protocolProblem(messages: AnthropicMessage[]): string | undefined {
  for (let index = 0; index < messages.length; index++) {
    const current = messages[index] as AnthropicMessage;
    if (index > 0 && messages[index - 1]?.role === current.role) return `messages: roles must alternate (at ${index})`;
    if (current.role !== 'assistant' || typeof current.content === 'string') continue;
    const uses = current.content.filter((block) => block.type === 'tool_use');
    if (uses.length === 0) continue;
    const next = messages[index + 1]?.content;
    const results = new Set(
      (Array.isArray(next) ? next : []).flatMap((block) => (block.type === 'tool_result' ? [block.tool_use_id] : [])),
    );
    const missing = uses.filter((use) => !results.has(use.id));
    if (missing.length)
      return `tool_use ids were found without tool_result blocks immediately after: ${missing.map((use) => use.id).join(', ')}`;
  }
  return undefined;
}
