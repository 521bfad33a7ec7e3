import { defineConfig } from 'vitest/config';

/** End-to-end tests drive the built CLI (`npm run build` first) over real HTTP and real files. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
