import type { RunEvent } from './run-event.js';

type WithoutTime<Event> = Event extends RunEvent ? Omit<Event, 'time'> : never;

/** An event as code creates it; `time` is stamped when it is emitted. */
export type RunEventInput = WithoutTime<RunEvent>;

/**
 * Where a task's executor reports what happens, as it happens. The run stamps each event and
 * delivers it, in order, to `events.jsonl` and the reporters; a queue worker forwards it to the
 * producer that does so.
 */
export interface EventSink {
  emit(event: RunEventInput): void;
}
