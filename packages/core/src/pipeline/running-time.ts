import type { RunEvent } from '../plugin/run-event.js';

/**
 * How long a run has spent running, from its recorded events: each session lasts from its
 * `run-start` to the last event it recorded (its `run-end`, or what a crash left). The time between
 * sessions — a night between Ctrl-C and `--resume` — is not running time.
 */
export function runningTimeFromEvents(events: readonly RunEvent[]): number {
  let total = 0;
  let sessionStart: number | undefined;
  let last: number | undefined;
  const closeSession = () => {
    if (sessionStart !== undefined && last !== undefined) total += Math.max(0, last - sessionStart);
  };
  for (const event of events) {
    const time = Date.parse(event.time);
    if (Number.isNaN(time)) continue;
    if (event.type === 'run-start') {
      closeSession();
      sessionStart = time;
    }
    last = time;
  }
  closeSession();
  return total;
}
