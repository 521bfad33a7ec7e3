import { useEffect, useState } from 'preact/hooks';
import type { RunData, RunUpdate } from '../../src/view-data.js';
import type { DataSource } from './data-source.js';

/** Live updates are gathered and applied at most this often, so a busy run does not redraw per event. */
const APPLY_EVERY_MS = 400;

export type RunState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; data: RunData };

/** A run's data, kept up to date while it runs: new events are appended, newer results replace the old. */
export function useRun(source: DataSource, runId: string | undefined): RunState {
  const [state, setState] = useState<RunState>({ status: 'loading' });
  useEffect(() => {
    if (!runId) return;
    let stopFollowing = () => {};
    let cancelled = false;
    let pending: RunUpdate[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      timer = undefined;
      const updates = pending;
      pending = [];
      setState((current) => {
        if (current.status !== 'ready') return current;
        let data = current.data;
        for (const update of updates) {
          data = {
            ...data,
            events: update.events.length ? [...data.events, ...update.events] : data.events,
            eventsOffset: update.eventsOffset,
            results: update.results ?? data.results,
            running: update.running,
          };
        }
        return { status: 'ready', data };
      });
    };
    setState({ status: 'loading' });
    source.loadRun(runId).then(
      (data) => {
        if (cancelled) return;
        setState({ status: 'ready', data });
        if (!data.running) return;
        stopFollowing = source.followRun(runId, data.eventsOffset, (update) => {
          pending.push(update);
          timer ??= setTimeout(apply, APPLY_EVERY_MS);
        });
      },
      (error: Error) => !cancelled && setState({ status: 'failed', message: error.message }),
    );
    return () => {
      cancelled = true;
      stopFollowing();
      if (timer) clearTimeout(timer);
    };
  }, [source, runId]);
  return state;
}
