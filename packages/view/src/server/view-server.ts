import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';
import type { RunUpdate } from '../view-data.js';
import { appDir } from './app-files.js';
import { readEventsFrom } from './read-events-from.js';
import {
  findRunFolders,
  isRunning,
  isSafeId,
  readResultsIfAny,
  readRunData,
  readRunRow,
  readTaskData,
} from './run-folders.js';
import { createMask, type Mask, runSecrets } from './secret-masker.js';

export interface ViewServerOptions {
  /** A run folder, or a folder of run folders (a config's `outDir`). */
  root: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Values to mask besides each run's configured keys and the environment's secrets. */
  secrets?: readonly string[];
  /** How often a followed run's log is checked for new lines. */
  followIntervalMs?: number;
  /** The built app; tests of the API alone may point elsewhere. */
  appDir?: string;
}

export interface ViewServer {
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The `agentbatch view` server: the built app and a small JSON API over run folders, read fresh
 * on every request so that it shows what is on disk now. A run in progress is followed by
 * server-sent events carrying the new lines of its `events.jsonl`.
 */
export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const app = options.appDir ?? appDir;
  const followIntervalMs = options.followIntervalMs ?? 500;
  const masks = new Map<string, Mask>();
  const maskFor = (runDir: string): Mask => {
    let mask = masks.get(runDir);
    if (!mask) {
      mask = createMask([...(options.secrets ?? []), ...runSecrets(runDir)]);
      masks.set(runDir, mask);
    }
    return mask;
  };
  const runDirOf = (runId: string) =>
    isSafeId(runId) ? findRunFolders(options.root).find((dir) => basename(dir) === runId) : undefined;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (request.method !== 'GET') return sendText(response, 405, 'only GET');
    if (parts[0] !== 'api') return sendFile(response, app, parts);
    if (parts.length === 2 && parts[1] === 'runs') {
      const rows = findRunFolders(options.root).map((dir) => ({ dir, row: readRunRow(dir) }));
      const body = rows.map(({ dir, row }) => maskFor(dir)(JSON.stringify({ ...row, runId: basename(dir) })));
      return sendJsonText(response, `[${body.join(',')}]`);
    }
    const runDir = parts[1] === 'runs' && parts[2] ? runDirOf(parts[2]) : undefined;
    if (!runDir) return sendText(response, 404, `no run ${parts[2] ?? ''}`);
    const mask = maskFor(runDir);
    if (parts.length === 3)
      return sendJsonText(response, mask(JSON.stringify({ ...readRunData(runDir), runId: parts[2] })));
    if (parts.length === 4 && parts[3] === 'follow') {
      return follow(request, response, runDir, Number(url.searchParams.get('offset') ?? 0), mask, followIntervalMs);
    }
    const taskId = parts[4];
    if (parts.length === 5 && parts[3] === 'tasks' && taskId && isSafeId(taskId)) {
      return sendJsonText(response, mask(JSON.stringify(readTaskData(runDir, taskId))));
    }
    return sendText(response, 404, 'not found');
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      sendText(response, 500, (error as Error).message);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends each batch of new events (and the results, when they changed) until the run ends or the page goes. */
function follow(
  request: IncomingMessage,
  response: ServerResponse,
  runDir: string,
  startOffset: number,
  mask: Mask,
  intervalMs: number,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const resultsFile = join(runDir, 'results.json');
  let offset = startOffset;
  let resultsTime = 0;
  const check = () => {
    const next = readEventsFrom(join(runDir, 'events.jsonl'), offset);
    const changedAt = existsSync(resultsFile) ? statSync(resultsFile).mtimeMs : 0;
    const ended = next.events.some((event) => event.type === 'run-end');
    if (next.events.length === 0 && changedAt === resultsTime) {
      response.write(': waiting\n\n');
      return;
    }
    offset = next.offset;
    resultsTime = changedAt;
    const update: RunUpdate = {
      events: next.events,
      eventsOffset: offset,
      results: readResultsIfAny(runDir),
      running: isRunning(runDir, ended),
    };
    response.write(`data: ${mask(JSON.stringify(update))}\n\n`);
    if (!update.running) stop();
  };
  const timer = setInterval(() => {
    try {
      check();
    } catch (error) {
      response.write(`event: failure\ndata: ${JSON.stringify((error as Error).message)}\n\n`);
    }
  }, intervalMs);
  const stop = () => clearInterval(timer);
  request.on('close', stop);
  check();
}

function sendFile(response: ServerResponse, root: string, parts: string[]): void {
  const safe = parts.every((part) => isSafeId(part));
  const file = parts.length === 0 ? join(root, 'index.html') : join(root, ...parts);
  if (!safe || !existsSync(file) || !statSync(file).isFile()) {
    sendText(response, 404, 'not found');
    return;
  }
  response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
  response.end(readFileSync(file));
}

function sendJsonText(response: ServerResponse, json: string): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(json);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
