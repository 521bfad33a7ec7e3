import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether a program is installed: an executable of that name in a folder of `PATH`. */
export function onPath(program: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((folder) => folder !== '' && existsSync(join(folder, program)));
}
