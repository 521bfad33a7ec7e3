import { defineConfig } from 'vitest/config';

/** Benchmarks drive the built CLI (`npm run build` first) like the end-to-end tests, and print what they measured. */
export default defineConfig({
  test: {
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
