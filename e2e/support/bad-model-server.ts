import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from './wire-format.js';

/**
 * How a server can be wrong. Each has its own path prefix on one local server, so a config
 * chooses it with its base URL: `${url}/html/v1` for an OpenAI client, `${url}/html` for an
 * Anthropic one (which appends `/v1/messages` itself).
 */
export type BadBehaviour =
  /** 200 with a web server's HTML page, as a base URL without `/v1` often gets. */
  | 'html'
  /** 200 with `choices: []` (streamed: chunks whose choices are all empty). */
  | 'empty-choices'
  /** 200 with a choice that has no message, or (Anthropic) a message with no content. */
  | 'no-message'
  /** The API's error for a rejected key. */
  | 'status-401'
  /** The API's error for a key that may not use the model. */
  | 'status-403'
  /** The API's error for an exhausted balance. */
  | 'status-402'
  /** The API's error for an unknown model. */
  | 'status-404';

export interface BadModelServer {
  /** `http://127.0.0.1:<port>`; append `/<behaviour>/v1` (OpenAI) or `/<behaviour>` (Anthropic). */
  url: string;
  /** Requests received per behaviour. */
  requests: Map<BadBehaviour, number>;
  close(): Promise<void>;
}

const htmlPage =
  '<!DOCTYPE html>\n<html>\n<head><title>Welcome to nginx!</title></head>\n<body><h1>Welcome to nginx!</h1></body>\n</html>\n';

const statusErrors: Record<string, { type: string; message: string }> = {
  '401': { type: 'authentication_error', message: 'Incorrect API key provided: sk-wrong' },
  '402': { type: 'billing_error', message: 'Insufficient Balance' },
  '403': { type: 'permission_error', message: 'Your key may not use this model' },
  '404': { type: 'not_found_error', message: 'The model `no-such-model` does not exist' },
};

/** A local model server that answers every request wrongly, in the way its path asks for. */
export async function startBadModelServer(): Promise<BadModelServer> {
  const requests = new Map<BadBehaviour, number>();
  const server = createServer(async (request, response) => {
    const body = await readJson(request);
    const behaviour = (request.url ?? '').split('/')[1] as BadBehaviour;
    requests.set(behaviour, (requests.get(behaviour) ?? 0) + 1);
    const anthropic = (request.url ?? '').endsWith('/messages');
    const stream = body.stream === true;
    if (behaviour === 'html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(htmlPage);
    }
    if (behaviour === 'empty-choices') {
      const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm', choices: [] };
      if (stream) return sendEvents(response, [JSON.stringify(chunk), '[DONE]']);
      return sendJson(response, 200, { id: 'chatcmpl-1', object: 'chat.completion', model: 'm', choices: [] });
    }
    if (behaviour === 'no-message') {
      if (anthropic) return sendJson(response, 200, { id: 'msg_1', type: 'message', role: 'assistant', model: 'm' });
      return sendJson(response, 200, { id: 'chatcmpl-1', choices: [{ index: 0, finish_reason: 'stop' }] });
    }
    const status = /^status-(\d+)$/.exec(behaviour)?.[1];
    const error = status ? statusErrors[status] : undefined;
    if (!status || !error) return sendJson(response, 500, { error: { message: `no behaviour ${behaviour}` } });
    if (anthropic) return sendJson(response, Number(status), { type: 'error', error });
    return sendJson(response, Number(status), {
      error: { ...error, code: status === '401' ? 'invalid_api_key' : null },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A free port on 127.0.0.1 with nothing listening: connections to it are refused. */
export async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function sendEvents(response: ServerResponse, events: string[]) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.end(events.map((data) => `data: ${data}\n\n`).join(''));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
