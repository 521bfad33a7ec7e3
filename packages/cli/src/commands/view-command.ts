import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@agentbatch/core';
import { findRunFolders, isRunFolder, startViewServer, type ViewServer } from '@agentbatch/view';
import { type Command, InvalidArgumentError } from 'commander';
import { configuredOutDir } from '../configured-out-dir.js';
import { canOpenBrowser, openBrowser } from '../open-browser.js';

/** The port `view` tries first; when it is taken and none was asked for, any free port does. */
const DEFAULT_PORT = 4800;

interface ViewFlags {
  port?: number;
  host: string;
  open: boolean;
}

/** `agentbatch view`: the runs in the browser, served until Ctrl-C. */
export function registerViewCommand(program: Command): void {
  program
    .command('view')
    .description('see runs in the browser: tasks, transcripts, diffs and charts, live while a run goes on')
    .argument('[target]', 'a run folder, a folder of runs, or a config whose runs to show (default: the one here)')
    .option('--port <port>', `port to listen on (default ${DEFAULT_PORT}, or a free one when taken)`, portNumber)
    .option('--host <host>', 'address to listen on; another than 127.0.0.1 shows your runs to the network', '127.0.0.1')
    .option('--no-open', 'do not open a browser')
    .action(async (target: string | undefined, flags: ViewFlags) => {
      const root = viewRoot(target);
      const server = await listen(root, flags);
      process.stdout.write(`agentbatch view: ${server.url}\n  showing ${root}\n  press Ctrl-C to stop\n`);
      if (flags.open && canOpenBrowser()) openBrowser(server.url);
      await untilInterrupted();
      await server.close();
    });
}

/** What to show: a run folder as it is, a folder of runs, or a config's `run.outDir`. */
function viewRoot(target: string | undefined): string {
  if (target !== undefined) {
    const path = resolve(target);
    if (!existsSync(path))
      throw new ConfigError(`${path} does not exist: name a run folder, a folder of runs or a config`);
    if (statSync(path).isDirectory()) {
      if (!isRunFolder(path) && findRunFolders(path).length === 0)
        throw new ConfigError(`${path} holds no runs: name a run folder (it has run.json) or the folder they are in`);
      return path;
    }
  }
  return configuredOutDir(target);
}

async function listen(root: string, flags: ViewFlags): Promise<ViewServer> {
  try {
    return await startViewServer({ root, host: flags.host, port: flags.port ?? DEFAULT_PORT });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && flags.port === undefined) return startViewServer({ root, host: flags.host, port: 0 });
    if (code === 'EADDRINUSE') throw new ConfigError(`port ${flags.port} is in use: choose another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new ConfigError(`cannot listen on --host ${flags.host}: not an address of this machine`);
    throw error;
  }
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('expected a port from 0 to 65535');
  return port;
}
