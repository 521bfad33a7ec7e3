import type { ServerResponse } from 'node:http';
import type { ServedUsage } from './model-script.js';

export interface ServedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What the scripted server needs to know of a request, whatever its wire format. */
export interface ParsedRequest {
  system: string;
  firstUserText: string;
  /** Replies the conversation already holds: the step to play. */
  assistantCount: number;
  stream: boolean;
  /** OpenAI sends usage in a stream only when asked. */
  includeUsage: boolean;
  /** Set when the request breaks the protocol in a way the real server rejects with a 400. */
  protocolProblem: string | undefined;
}

export interface Reply {
  text: string;
  toolCalls: ServedToolCall[];
  usage: ServedUsage;
}

export interface WireFormat {
  parse(body: unknown): ParsedRequest;
  reply(response: ServerResponse, request: ParsedRequest, reply: Reply): void;
  error(response: ServerResponse, status: number, message: string): void;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Splits text in two, as streams deliver it in pieces. */
export function halves(text: string): string[] {
  const cut = Math.ceil(text.length / 2);
  return [text.slice(0, cut), text.slice(cut)].filter(Boolean);
}
