import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ScriptRole, type Scripts, type ServedUsage, usageFor } from './model-script.js';

export interface ServedCall {
  role: ScriptRole;
  task: string;
  step: number;
  usage: ServedUsage;
  stream: boolean;
}

export interface ScriptedModelServer {
  /** Base URL for an OpenAI-compatible client, ending in `/v1`. */
  url: string;
  calls: ServedCall[];
  /** Requests that broke the protocol (e.g. a tool call left unanswered); a correct client makes none. */
  protocolErrors: string[];
  totals(role: ScriptRole): ServedUsage & { calls: number };
  close(): Promise<void>;
}

interface OpenAIMessage {
  role: string;
  content?: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

/**
 * A local server speaking the OpenAI chat-completions wire format (streamed and not, tool calls,
 * usage) that plays a script per task. It needs no state between requests: the task is found by
 * the marker in the conversation's first user message, the role by the system prompt, and the
 * step by how many assistant messages the conversation already holds — exactly what a client that
 * keeps its conversation sends.
 */
export interface ScriptedServerOptions {
  /** Wait this long before answering each call, so a run lasts long enough to interrupt. */
  delayMs?: number;
  /** Called when a call has been answered (its usage counted). */
  onCall?(call: ServedCall): void;
}

export async function startScriptedModelServer(
  scripts: Scripts,
  options: ScriptedServerOptions = {},
): Promise<ScriptedModelServer> {
  const calls: ServedCall[] = [];
  const protocolErrors: string[] = [];

  const server = createServer(async (request, response) => {
    try {
      const bodyText = await readBody(request);
      if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
        return sendJson(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
      }
      const body = JSON.parse(bodyText) as {
        messages: OpenAIMessage[];
        stream?: boolean;
        stream_options?: { include_usage?: boolean };
      };
      const problem = protocolProblem(body.messages);
      if (problem) {
        protocolErrors.push(problem);
        return sendJson(response, 400, { error: { message: problem, type: 'invalid_request_error' } });
      }
      const role: ScriptRole = String(body.messages[0]?.content ?? '').includes('You review the work')
        ? 'evaluator'
        : 'coder';
      const firstUser = String(body.messages.find((message) => message.role === 'user')?.content ?? '');
      const task = Object.keys(scripts).find((marker) => firstUser.includes(marker));
      if (!task)
        return sendJson(response, 400, { error: { message: `no script for prompt: ${firstUser.slice(0, 80)}` } });
      const step = body.messages.filter((message) => message.role === 'assistant').length;
      const scripted = scripts[task]?.[role][step] ?? {
        text: role === 'coder' ? 'I have nothing more to do.' : 'No further steps scripted.',
      };
      const text = scripted.text ?? '';
      const usage = usageFor(Buffer.byteLength(bodyText), text + JSON.stringify(scripted.toolCalls ?? []));
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const call: ServedCall = { role, task, step, usage, stream: body.stream === true };
      // Ids are fixed by task, role and step, so recordings do not depend on which task ran first.
      const toolCalls = (scripted.toolCalls ?? []).map((call, index) => ({
        id: `call_${callIdPrefix(task)}_${role}_${step}_${index}`,
        name: call.name,
        arguments: JSON.stringify(call.arguments),
      }));
      if (body.stream) streamCompletion(response, text, toolCalls, usage, body.stream_options?.include_usage === true);
      else sendJson(response, 200, completion(text, toolCalls, usage));
      calls.push(call);
      options.onCall?.(call);
    } catch (error) {
      sendJson(response, 500, { error: { message: String(error) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    protocolErrors,
    totals(role) {
      const mine = calls.filter((call) => call.role === role);
      return {
        calls: mine.length,
        inputTokens: sum(mine.map((call) => call.usage.inputTokens)),
        outputTokens: sum(mine.map((call) => call.usage.outputTokens)),
        cachedInputTokens: sum(mine.map((call) => call.usage.cachedInputTokens)),
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type ServedToolCall = { id: string; name: string; arguments: string };

function completion(text: string, toolCalls: ServedToolCall[], usage: ServedUsage) {
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
function streamCompletion(
  response: ServerResponse,
  text: string,
  toolCalls: ServedToolCall[],
  usage: ServedUsage,
  includeUsage: boolean,
) {
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
  const half = Math.ceil(text.length / 2);
  for (const piece of [text.slice(0, half), text.slice(half)]) if (piece) delta({ content: piece });
  toolCalls.forEach((call, index) => {
    delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    const cut = Math.ceil(call.arguments.length / 2);
    for (const piece of [call.arguments.slice(0, cut), call.arguments.slice(cut)]) {
      if (piece) delta({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
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
function protocolProblem(messages: OpenAIMessage[]): string | undefined {
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

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      data += chunk;
    });
    request.on('end', () => resolve(data));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function callIdPrefix(task: string): string {
  return task
    .replace(/[^A-Za-z0-9]+/g, '')
    .slice(0, 12)
    .toLowerCase();
}
