import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the browser app into `dist/app`: one script and one stylesheet with fixed names, so the
 * HTML reporter can inline them into a single self-contained file.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  base: './',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/app.js',
        assetFileNames: 'assets/app[extname]',
        codeSplitting: false,
      },
    },
  },
});
