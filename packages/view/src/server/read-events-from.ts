import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RunEvent } from '@agentbatch/core';

/**
 * The whole events a log holds past `offset` bytes, and the offset after the last complete line:
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
          return [JSON.parse(line) as RunEvent];
        } catch {
          return [];
        }
      });
    return { events, offset: offset + end };
  } finally {
    closeSync(fd);
  }
}
