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

export function writeFile(file: string, text: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  return new Promise((resolve, reject) =>
    fs.writeFile(file, text, options, (error) => (error ? reject(error) : resolve())),
  );
}
