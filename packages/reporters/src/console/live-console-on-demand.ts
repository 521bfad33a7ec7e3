import type { Reporter, RunEvent, RunInfo, RunResults } from '@agentbatch/core';
import type { LiveConsole, LiveConsoleOptions } from './live-console.js';

/**
 * The live view, loaded when the run starts rather than with the console reporter: its libraries
 * (log-update, string-width, their Unicode segmenters and emoji tables) take longer to load than
 * the rest of the reporters together, and a run whose output is not a terminal never needs them.
 * `onRunStart` comes before any event the view shows (live and in `report`'s replay alike), and
 * the run waits for it, so the view misses nothing.
 */
export class LiveConsoleOnDemand implements Reporter {
  readonly name = 'console';
  private live: LiveConsole | undefined;

  constructor(private readonly options: LiveConsoleOptions) {}

  async onRunStart(info: RunInfo): Promise<void> {
    const { LiveConsole } = await import('./live-console.js');
    this.live ??= new LiveConsole(this.options);
    this.live.onRunStart(info);
  }

  onEvent(event: RunEvent): void {
    this.live?.onEvent(event);
  }

  onRunEnd(results: RunResults): void {
    this.live?.onRunEnd(results);
  }
}
