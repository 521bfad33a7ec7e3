import type { RunEvent } from '../plugin/run-event.js';

type WithoutTime<Event> = Event extends RunEvent ? Omit<Event, 'time'> : never;

/** An event as code creates it; `time` is stamped when it is emitted. */
export type RunEventInput = WithoutTime<RunEvent>;

export type Emit = (event: RunEventInput) => void;
