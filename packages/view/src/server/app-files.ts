import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const candidates = [
  // Built: dist/server/app-files.js beside dist/app.
  fileURLToPath(new URL('../app/', import.meta.url)),
  // From the sources (unit tests of the packages that use this one): src/server/app-files.ts.
  fileURLToPath(new URL('../../dist/app/', import.meta.url)),
];

/** The built browser app: `vite build` writes it next to the compiled server, in `dist/app`. */
export const appDir = candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
