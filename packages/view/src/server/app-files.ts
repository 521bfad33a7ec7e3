import { fileURLToPath } from 'node:url';

/** The built browser app (`vite build` writes it next to the compiled server, in `dist/app`). */
export const appDir = fileURLToPath(new URL('../app/', import.meta.url));
