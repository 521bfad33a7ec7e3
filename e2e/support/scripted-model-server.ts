import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicWire } from './anthropic-wire.js';
import { type ScriptRole, type Scripts, type ServedUsage, usageFor } from './model-script.js';
import { openAIWire } from './openai-wire.js';

export interface ServedCall {
  role: ScriptRole;
  task: string;
  step: number;
  usage: ServedUsage;
  stream: boolean;
  format: 'openai' | 'anthropic';
}

export interface ScriptedModelServer {
  /** Base URL for an OpenAI-compatible client, ending in `/v1`. */
  url: string;
  /** Base URL for an Anthropic client (which adds `/v1/messages` itself). */
  anthropicURL: string;
  calls: ServedCall[];
  /** Every request body as received: all the text the models were given. */
  requestBodies: string[];
  /** Requests that broke the protocol (e.g. a tool call left unanswered); a correct client makes none. */
  protocolErrors: string[];
  totals(role: ScriptRole): ServedUsage & { calls: number };
  close(): Promise<void>;
}

export interface ScriptedServerOptions {
  /** Wait this long before answering each call, so a run lasts long enough to interrupt. */
  delayMs?: number;
  /** Called when a call has been answered (its usage counted). */
  onCall?(call: ServedCall): void;
  /** Called with each request's parsed JSON body as it arrives. */
  onRequest?(body: unknown): void;
}

/**
 * A local server speaking the OpenAI chat-completions and the Anthropic Messages wire formats
 * (streamed and not, tool calls, usage) that plays a script per task. It needs no state between requests: the task is found by
 * the marker in the conversation's first user message, the role by the system prompt, and the
 * step by how many assistant messages the conversation already holds — exactly what a client that
 * keeps its conversation sends.
 */
export async function startScriptedModelServer(
  scripts: Scripts,
  options: ScriptedServerOptions = {},
): Promise<ScriptedModelServer> {
  const calls: ServedCall[] = [];
  const requestBodies: string[] = [];
  const protocolErrors: string[] = [];

  const server = createServer(async (request, response) => {
    const wire = request.url?.endsWith('/messages') ? anthropicWire : openAIWire;
    try {
      const bodyText = await readBody(request);
      requestBodies.push(bodyText);
      if (request.method !== 'POST' || !/\/(chat\/completions|messages)$/.test(request.url ?? '')) {
        return wire.error(response, 404, `no route ${request.method} ${request.url}`);
      }
      const body: unknown = JSON.parse(bodyText);
      options.onRequest?.(body);
      const parsed = wire.parse(body);
      if (parsed.protocolProblem) {
        protocolErrors.push(parsed.protocolProblem);
        return wire.error(response, 400, parsed.protocolProblem);
      }
      const role: ScriptRole = parsed.system.includes('You review the work') ? 'evaluator' : 'coder';
      const task = Object.keys(scripts).find((marker) => parsed.firstUserText.includes(marker));
      if (!task) return wire.error(response, 400, `no script for prompt: ${parsed.firstUserText.slice(0, 80)}`);
      const step = parsed.assistantCount;
      const planned = scripts[task]?.[role][step] ?? {
        text: role === 'coder' ? 'I have nothing more to do.' : 'No further steps scripted.',
      };
      const branch = planned.ifInputIncludes;
      const scripted = branch && bodyText.includes(branch.text) ? branch.answer : planned;
      const text = scripted.text ?? '';
      const usage = usageFor(Buffer.byteLength(bodyText), text + JSON.stringify(scripted.toolCalls ?? []));
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      // Ids are fixed by task, role and step, so recordings do not depend on which task ran first.
      const toolCalls = (scripted.toolCalls ?? []).map((call, index) => ({
        id: `call_${callIdPrefix(task)}_${role}_${step}_${index}`,
        name: call.name,
        arguments: JSON.stringify(call.arguments),
      }));
      wire.reply(response, parsed, { text, toolCalls, usage });
      const call: ServedCall = {
        role,
        task,
        step,
        usage,
        stream: parsed.stream,
        format: wire === anthropicWire ? 'anthropic' : 'openai',
      };
      calls.push(call);
      options.onCall?.(call);
    } catch (error) {
      wire.error(response, 500, String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    anthropicURL: `http://127.0.0.1:${port}`,
    calls,
    requestBodies,
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

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function callIdPrefix(task: string): string {
  return task
    .replace(/[^A-Za-z0-9]+/g, '')
    .slice(0, 12)
    .toLowerCase();
}
