import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldProxy {
  /** The target's URL with the proxy's origin: give it to the client instead. */
  url: string;
  /** Lets every held request through, and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A proxy in front of a model server that holds every request until released: a run started
 * behind it stays in progress, deterministically, for as long as a test needs to look at it.
 */
export async function startHeldProxy(target: string): Promise<HeldProxy> {
  const base = new URL(target);
  let released = false;
  const held: Array<() => void> = [];
  const pass = (request: IncomingMessage, response: ServerResponse) => {
    const upstream = forward(
      { hostname: base.hostname, port: base.port, path: request.url, method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  };
  const server = createServer((request, response) => {
    if (released) pass(request, response);
    else held.push(() => pass(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.pathname}`,
    release() {
      released = true;
      for (const next of held.splice(0)) next();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
