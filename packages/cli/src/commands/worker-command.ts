import type { Command } from 'commander';
import { positiveInteger } from '../parse-options.js';
import type { WorkerFlags } from './serve-queue.js';

export function registerWorkerCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('worker')
    .description('run the tasks of queue runs (agentbatch run --queue) on this machine, until stopped')
    .argument('[config]', 'agentbatch.yaml: its .env and run.queue (default: .env in this folder)')
    .option('--queue <url>', 'the Redis queue, redis://HOST:PORT[/DB] (default: run.queue of the config)')
    .option('-c, --concurrency <n>', 'tasks at once on this worker (default 1)', positiveInteger)
    .option('--name <name>', 'the name on this worker’s events (default HOST-PID)')
    .action(async (file: string | undefined, flags: WorkerFlags) => {
      // Loaded when used: every other command starts without core, the providers and BullMQ.
      const { serveQueue } = await import('./serve-queue.js');
      setExitCode(await serveQueue(file, flags));
    });
}
