import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 64 * 1024;
/** A run-start line, whole; the start of any other. */
const HEAD = 4096;

/**
 * The starts of a log's first and last lines, read without reading the log: enough to tell
 * when a run started, how many tasks it has and whether it ended (a `run-end` line can be
 * megabytes long, its type is near its start).
 */
export function logEnds(file: string): { first: string; last: string } {
  if (!existsSync(file)) return { first: '', last: '' };
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      const count = readSync(fd, buffer, 0, buffer.length, position);
      return buffer.subarray(0, count);
    };
    const first = read(0, HEAD).toString('utf8').split('\n')[0] ?? '';
    // Back from the end (past the final newline) to the newline before the last line.
    let lastStart = 0;
    for (let end = size - 1; end > 0; end -= CHUNK) {
      const start = Math.max(0, end - CHUNK);
      const newline = read(start, end - start).lastIndexOf(0x0a);
      if (newline >= 0) {
        lastStart = start + newline + 1;
        break;
      }
    }
    return { first, last: read(lastStart, HEAD).toString('utf8').split('\n')[0] ?? '' };
  } finally {
    closeSync(fd);
  }
}
