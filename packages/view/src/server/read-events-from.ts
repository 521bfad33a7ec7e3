import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RunEvent } from '@agentbatch/core';

/** Events the pages do not draw: a big run's log is mostly these, so they are not sent. */
const unshown = new Set<RunEvent['type']>(['tool-call-end', 'stage-end']);

/**
 * The events a log holds past `offset` bytes (less those not drawn), and the offset after the last complete line:
 * a line still being written is left for the next read, so a followed run never sees half an event.
 */
export function readEventsFrom(file: string, offset: number): { events: RunEvent[]; offset: number } {
  if (!existsSync(file)) return { events: [], offset };
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= offset) return { events: [], offset };
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    const end = buffer.lastIndexOf(0x0a) + 1;
    const events = buffer
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .flatMap((line) => {
        if (!line.trim()) return [];
        try {
          const event = JSON.parse(line) as RunEvent;
          return unshown.has(event.type) ? [] : [event];
        } catch {
          return [];
        }
      });
    return { events, offset: offset + end };
  } finally {
    closeSync(fd);
  }
}
