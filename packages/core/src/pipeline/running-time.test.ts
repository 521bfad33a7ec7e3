import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../plugin/run-event.js';
import { runningTimeFromEvents } from './running-time.js';

const at = (type: string, time: string) => ({ type, time }) as RunEvent;

describe('runningTimeFromEvents', () => {
  it('adds up the sessions, not the time between them', () => {
    const events = [
      at('run-start', '2026-01-01T10:00:00.000Z'),
      at('task-end', '2026-01-01T10:00:30.000Z'),
      // Interrupted; resumed the next morning.
      at('run-start', '2026-01-02T09:00:00.000Z'),
      at('task-end', '2026-01-02T09:00:10.000Z'),
      at('run-end', '2026-01-02T09:00:12.500Z'),
    ];
    expect(runningTimeFromEvents(events)).toBe(30_000 + 12_500);
  });

  it('counts a session cut off by a crash up to its last event, and nothing for no events', () => {
    expect(
      runningTimeFromEvents([
        at('run-start', '2026-01-01T10:00:00.000Z'),
        at('task-start', '2026-01-01T10:00:05.000Z'),
      ]),
    ).toBe(5_000);
    expect(runningTimeFromEvents([])).toBe(0);
  });
});
