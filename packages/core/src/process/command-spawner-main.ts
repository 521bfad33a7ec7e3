import type { SpawnerReply, SpawnerRequest } from './command-spawner.js';
import { runCommand } from './run-command.js';

/**
 * The command spawner's process (see CommandSpawner): runs each command it is sent with
 * `runCommand`, stops one when asked, and when the engine goes away kills them all and exits.
 */
const running = new Map<number, AbortController>();

const reply = (message: SpawnerReply) => {
  if (process.connected) process.send?.(message);
};

process.on('message', async (request: SpawnerRequest) => {
  if (request.type === 'stop') {
    running.get(request.id)?.abort(new Error('stopped by the engine'));
    return;
  }
  const stop = new AbortController();
  running.set(request.id, stop);
  try {
    const result = await runCommand({ ...request.options, signal: stop.signal });
    reply({ type: 'done', id: request.id, result });
  } catch (error) {
    reply(
      stop.signal.aborted
        ? { type: 'stopped', id: request.id }
        : { type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) },
    );
  } finally {
    running.delete(request.id);
  }
});

// The engine is gone (it exited, or was killed): so are its commands. Exiting SIGKILLs every
// process group still running (runCommand's exit hook), as the engine itself would have.
process.on('disconnect', () => process.exit(0));
