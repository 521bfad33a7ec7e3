import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CommandOptions, CommandResult } from './run-command.js';

/** What the engine asks of the spawner: run a command, or stop one it runs. */
export type SpawnerRequest =
  | { type: 'run'; id: number; options: Omit<CommandOptions, 'signal'> }
  | { type: 'stop'; id: number };

/** What the spawner answers, once per command: its result, or that it was stopped, or why it failed. */
export type SpawnerReply =
  | { type: 'done'; id: number; result: CommandResult }
  | { type: 'stopped'; id: number }
  | { type: 'failed'; id: number; message: string };

const entry = fileURLToPath(new URL('./command-spawner-main.js', import.meta.url));

let shared: CommandSpawner[] | null | undefined;

/**
 * The least busy of the process's command spawners, started with the first command; none when
 * running from source. One per core (two at most): starting a process costs its parent a few
 * milliseconds of CPU, and a wave of a hundred tasks starting their commands at once would queue
 * behind a single spawner.
 */
export function commandSpawner(): CommandSpawner | undefined {
  if (shared === undefined) {
    const count = Math.min(2, availableParallelism());
    shared = existsSync(entry) ? Array.from({ length: count }, () => new CommandSpawner(entry)) : null;
  }
  return shared?.reduce((least, spawner) => (spawner.running < least.running ? spawner : least));
}

/**
 * A small long-lived process that starts the agents' commands on the engine's behalf (see
 * command-spawner-main.ts), so that the engine's event loop never waits for a `fork()`. It does
 * not keep the engine alive while idle, and it stops its commands and exits when the engine goes.
 */
export class CommandSpawner {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: SpawnerReply | undefined) => void>();

  constructor(private readonly entry: string) {}

  /** How many commands it is running now. */
  get running(): number {
    return this.pending.size;
  }

  run(options: CommandOptions): Promise<CommandResult> {
    const { signal, ...request } = options;
    const child = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const stop = () => child.send({ type: 'stop', id } satisfies SpawnerRequest);
      signal.addEventListener('abort', stop, { once: true });
      this.pending.set(id, (reply) => {
        signal.removeEventListener('abort', stop);
        this.pending.delete(id);
        this.holdEngine();
        if (signal.aborted) reject(signal.reason);
        else if (reply?.type === 'done') resolve(reply.result);
        else resolve(notStarted(reply?.type === 'failed' ? reply.message : 'the command spawner exited'));
      });
      this.holdEngine();
      // The environment is the engine's, as if the command were started here (the spawner has none of its own).
      child.send({
        type: 'run',
        id,
        options: { ...request, env: request.env ?? process.env },
      } satisfies SpawnerRequest);
    });
  }

  private started(): ChildProcess {
    if (this.child) return this.child;
    // No inherited flags (--cpu-prof, --import …): the spawner stays small and quiet.
    // Nor the engine's environment: API keys loaded from .env would be readable in its /proc/<pid>/environ.
    const child = fork(this.entry, [], {
      execArgv: [],
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (reply: SpawnerReply) => this.pending.get(reply.id)?.(reply));
    // A send to a spawner that just died fails here; its 'exit' settles what was pending.
    child.on('error', () => undefined);
    child.on('exit', () => {
      this.child = undefined;
      for (const settle of [...this.pending.values()]) settle(undefined);
    });
    this.child = child;
    return child;
  }

  /** Keeps the engine alive while commands run, and only then. */
  private holdEngine(): void {
    const busy = this.pending.size > 0;
    if (busy) {
      this.child?.ref();
      this.child?.channel?.ref();
    } else {
      this.child?.unref();
      this.child?.channel?.unref();
    }
  }
}

function notStarted(reason: string): CommandResult {
  return { output: '', exitCode: undefined, killedBy: undefined, timedOut: false, startError: reason };
}
