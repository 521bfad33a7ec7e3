import { ExitCode } from './exit-codes.js';

/**
 * The first Ctrl-C (or SIGTERM) aborts the run gracefully: no new tasks, in-flight calls and
 * commands aborted, results written. A second one exits at once.
 */
export function interruptOnSignals(stderr: NodeJS.WritableStream): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stderr.write('\nagentbatch: interrupted again, exiting now\n');
      process.exit(ExitCode.interrupted);
    }
    stderr.write(
      `\nagentbatch: ${name} received, stopping: finishing the records of running tasks (press Ctrl-C again to quit at once)\n`,
    );
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      // An interrupted run is on its way out: until the process exits, a second Ctrl-C must still
      // exit at once with 130, not fall through to Node's default handler (killed by the signal).
      if (controller.signal.aborted) return;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
