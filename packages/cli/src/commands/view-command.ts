import { type Command, InvalidArgumentError } from 'commander';

/** The port `view` tries first; when it is taken and none was asked for, any free port does. */
export const DEFAULT_PORT = 4800;

export interface ViewFlags {
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
      const { serveView } = await import('./serve-view.js');
      await serveView(target, flags);
    });
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('expected a port from 0 to 65535');
  return port;
}
