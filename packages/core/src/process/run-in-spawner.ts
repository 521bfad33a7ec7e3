import { commandSpawner } from './command-spawner.js';
import type { CommandOptions, CommandResult } from './run-command.js';

/**
 * `runCommand` (same options, same result, same stopping), started by the command spawner, a
 * small process of its own: starting a process from a large one blocks its event loop for
 * milliseconds (tens at a few hundred MB), and the engine's loop must keep serving every other
 * task. Where there is no spawner (running from source) the command is started here.
 */
export async function runCommandInSpawner(options: CommandOptions): Promise<CommandResult> {
  options.signal.throwIfAborted();
  const spawner = commandSpawner();
  if (spawner) return spawner.run(options);
  const { runCommand } = await import('./run-command.js');
  return runCommand(options);
}
