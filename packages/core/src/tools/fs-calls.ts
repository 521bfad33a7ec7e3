import fs from 'node:fs';
import { promisify } from 'node:util';

/*
 * The file-system calls the tools make on every tool call, as promises over the callback API:
 * measured on Node 20, a `stat` or `realpath` through `node:fs/promises` costs about twice the
 * CPU (its FileHandle and promise machinery), a `readFile` more than twice. At a thousand tasks
 * these calls run tens of thousands of times; they stay off the event loop either way.
 */
export const stat = promisify(fs.stat);
export const lstat = promisify(fs.lstat);
export const readlink = promisify(fs.readlink);
export const realpath = promisify(fs.realpath.native);
export const mkdir = promisify(fs.mkdir);

/** The entries of a folder, with their types. */
export function readdir(directory: string): Promise<fs.Dirent[]> {
  return new Promise((resolve, reject) =>
    fs.readdir(directory, { withFileTypes: true }, (error, entries) => (error ? reject(error) : resolve(entries))),
  );
}

export function readFile(file: string, options: { signal?: AbortSignal } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    fs.readFile(file, options, (error, bytes) => (error ? reject(error) : resolve(bytes))),
  );
}

/**
 * Replaces a file's text, whole: an abort is honoured before the write starts, never during it.
 * `fs.writeFile` with a signal truncates the file on open and may then stop, leaving it empty (an
 * agent's edit interrupted by Ctrl-C emptied the file it was editing).
 */
export function writeFile(file: string, text: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  if (options.signal?.aborted) return Promise.reject(options.signal.reason);
  return new Promise((resolve, reject) => fs.writeFile(file, text, (error) => (error ? reject(error) : resolve())));
}

const open = promisify(fs.open);
const fstat = promisify(fs.fstat);
const close = promisify(fs.close);

function readInto(fd: number, buffer: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(fd, buffer, offset, buffer.length - offset, null, (error, read) => (error ? reject(error) : resolve(read))),
  );
}

export type FileContent =
  | { kind: 'directory' }
  | { kind: 'too-large'; size: number }
  | { kind: 'bytes'; bytes: Buffer };

/**
 * A file's bytes in four calls (open, fstat, read, close), where a `stat` and a `readFile` take
 * five: a folder, or a file over `maxBytes`, is reported instead of read. A file is read up to the
 * size it had when opened; one that reports no size (a pipe) is read to its end, within `maxBytes`.
 */
export async function readFileUpTo(file: string, maxBytes: number, signal?: AbortSignal): Promise<FileContent> {
  const fd = await open(file, 'r');
  try {
    const info = await fstat(fd);
    if (info.isDirectory()) return { kind: 'directory' };
    if (info.size > maxBytes) return { kind: 'too-large', size: info.size };
    signal?.throwIfAborted();
    let bytes = Buffer.allocUnsafe(info.size > 0 ? info.size : 64 * 1024);
    let length = 0;
    for (;;) {
      const read = await readInto(fd, bytes, length);
      length += read;
      if (read === 0 || (info.size > 0 && length === bytes.length)) break;
      if (length > maxBytes) return { kind: 'too-large', size: length };
      if (length === bytes.length) bytes = Buffer.concat([bytes, Buffer.allocUnsafe(bytes.length)]);
    }
    return { kind: 'bytes', bytes: bytes.subarray(0, length) };
  } finally {
    await close(fd).catch(() => undefined);
  }
}
