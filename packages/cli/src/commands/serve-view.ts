import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@agentbatch/core';
import { findRunFolders, isRunFolder, startViewServer, type ViewServer } from '@agentbatch/view';
import { configuredOutDir } from '../configured-out-dir.js';
import { canOpenBrowser, openBrowser } from '../open-browser.js';
import { DEFAULT_PORT, type ViewFlags } from './view-command.js';

/** `agentbatch view`'s work, loaded when the command runs (not for `--help`). */
export async function serveView(target: string | undefined, flags: ViewFlags): Promise<void> {
  const root = viewRoot(target);
  const server = await listen(root, flags);
  process.stdout.write(`agentbatch view: ${server.url}\n  showing ${root}\n  press Ctrl-C to stop\n`);
  if (flags.open && canOpenBrowser()) openBrowser(server.url);
  await untilInterrupted();
  await server.close();
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
